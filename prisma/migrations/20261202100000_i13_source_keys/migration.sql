-- Issue 13: every source's identity (name, affiliation, link, notes, contact) is sealed with the
-- source's own data key, and the data key is stored only wrapped by the desk key.
--
-- Sealing needs the desk key, which SQL migrations never see: the launcher seals the sources
-- that exist right after applying migrations (`npm run keys:seal` does the same by hand; see
-- lib/server/sources/protection/legacy.ts). Until then existing rows read as before.

-- Not tracked by the ledger (no revision trigger): re-wrapping a key (rotation) and destroying it
-- (a burn) change no revision, so every hash still verifies.
CREATE TABLE "source_keys" (
    "source_id" UUID NOT NULL,
    "key_version" INTEGER NOT NULL DEFAULT 1,
    "wrapped_key" TEXT,
    "desk_key_id" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
    "rewrapped_at" TIMESTAMPTZ(6),
    "burned_at" TIMESTAMPTZ(6),
    CONSTRAINT "source_keys_pkey" PRIMARY KEY ("source_id"),
    -- A key is wrapped (by a named desk key), or burned: never both, never neither.
    CONSTRAINT "source_keys_wrapped_or_burned" CHECK (
        ("wrapped_key" IS NULL) = ("burned_at" IS NOT NULL) AND ("wrapped_key" IS NULL) = ("desk_key_id" IS NULL))
);
CREATE INDEX "source_keys_desk_key_id_idx" ON "source_keys"("desk_key_id");
-- A new source's key is written just before its row, in the same transaction: checked at commit.
ALTER TABLE "source_keys" ADD CONSTRAINT "source_keys_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id")
    ON DELETE RESTRICT ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;
-- A burned key's row stays, as a record of when; the app never deletes one.
REVOKE DELETE, TRUNCATE ON "source_keys" FROM storydesk_runtime;

-- Who burned a source, and when: part of the row, so the burn is a revision with its reason.
ALTER TABLE "sources" ADD COLUMN "burned_at" TIMESTAMPTZ(6), ADD COLUMN "burned_by_id" UUID;
ALTER TABLE "sources" ADD CONSTRAINT "sources_burned_by_id_fkey" FOREIGN KEY ("burned_by_id") REFERENCES "users"("id")
    ON DELETE RESTRICT ON UPDATE CASCADE;

-- Notes become sealed text ("" for none). A document keeps its JSON text until it is sealed, so
-- each row still equals its latest revision read back into the row type.
ALTER TABLE "sources" ALTER COLUMN "notes" DROP DEFAULT;
ALTER TABLE "sources" ALTER COLUMN "notes" TYPE TEXT USING "notes"::text;
ALTER TABLE "sources" ALTER COLUMN "notes" SET DEFAULT '';

-- Mention titles named the entry as it stood when the mention was made (a source's name, kept
-- after it became confidential). The entry is now named when the title is read, through the
-- protection lens: the placeholder {entry}. Notifications are not tracked by the ledger.
UPDATE "notifications" SET "title" = regexp_replace("title", ' “.*”$', ' {entry}')
 WHERE "kind" = 'mentioned' AND "entity_type" <> 'story' AND "title" ~ ' “.*”$';
