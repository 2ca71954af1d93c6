-- The evidence desk (issue 17): documents (wire copy, statements, files) stored immutably with
-- the SHA-256 of the bytes they came from; quotes' provenance (the document and a W3C Web
-- Annotation anchor); claims (one contested detail, each report's version of it).
--
-- Documents and claims are tracked by the ledger on the story's chain like every entry. A
-- document's body is kept out of its revisions' snapshots (the trigger's hidden columns): its
-- SHA-256 (of the original bytes) and body_sha256 (of the stored text) are in the snapshot, so the
-- chain pins the words without copying 100,000 of them into every revision.

CREATE TABLE "documents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "body_sha256" TEXT NOT NULL,
    "origin" TEXT NOT NULL DEFAULT '',
    "byline" TEXT NOT NULL DEFAULT '',
    "url" TEXT NOT NULL DEFAULT '',
    "received_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(6),
    "language" TEXT NOT NULL DEFAULT 'en',
    "direction" TEXT NOT NULL DEFAULT 'ltr',
    "added_by_id" UUID NOT NULL,
    "item_guid" TEXT,
    "item_version" TEXT,
    "replaces_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "documents_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "documents_format_check" CHECK (format IN ('text', 'html', 'eml', 'pdf', 'ninjs')),
    CONSTRAINT "documents_direction_check" CHECK (direction IN ('ltr', 'rtl')),
    CONSTRAINT "documents_sha256_check" CHECK (sha256 ~ '^[0-9a-f]{64}$' AND body_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "documents_not_itself" CHECK (replaces_id IS NULL OR replaces_id <> id)
);
CREATE UNIQUE INDEX "documents_id_story_id_key" ON "documents"("id", "story_id");
CREATE INDEX "documents_story_id_deleted_at_idx" ON "documents"("story_id", "deleted_at");
CREATE INDEX "documents_story_id_item_guid_idx" ON "documents"("story_id", "item_guid");
CREATE INDEX "documents_replaces_id_idx" ON "documents"("replaces_id");
ALTER TABLE "documents" ADD CONSTRAINT "documents_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "documents" ADD CONSTRAINT "documents_added_by_id_fkey" FOREIGN KEY ("added_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- A take replaces a document of the same story.
ALTER TABLE "documents" ADD CONSTRAINT "documents_replaces_fkey" FOREIGN KEY ("replaces_id", "story_id") REFERENCES "documents"("id", "story_id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- A quote's provenance: the document (a take) it was logged from, the anchor as W3C selectors
-- ([TextQuoteSelector, TextPositionSelector]), and whether the words are still there in the
-- latest take it was checked against.
ALTER TABLE "quotes"
    ADD COLUMN "document_id" UUID,
    ADD COLUMN "anchor" JSONB,
    ADD COLUMN "anchor_status" TEXT,
    ADD COLUMN "anchor_checked_id" UUID,
    ADD CONSTRAINT "quotes_anchor_check" CHECK (
        (document_id IS NULL AND anchor IS NULL AND anchor_status IS NULL AND anchor_checked_id IS NULL)
        OR (document_id IS NOT NULL AND anchor IS NOT NULL AND anchor_status IN ('anchored', 'changed', 'orphan') AND anchor_checked_id IS NOT NULL)
    );
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_document_fkey" FOREIGN KEY ("document_id", "story_id") REFERENCES "documents"("id", "story_id") ON DELETE RESTRICT ON UPDATE RESTRICT;
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_anchor_checked_fkey" FOREIGN KEY ("anchor_checked_id", "story_id") REFERENCES "documents"("id", "story_id") ON DELETE RESTRICT ON UPDATE RESTRICT;
CREATE INDEX "quotes_document_id_idx" ON "quotes"("document_id");
CREATE INDEX "quotes_anchor_checked_id_idx" ON "quotes"("anchor_checked_id");

-- Claims: one contested detail; each report's version is an element of `versions` (the
-- document, its anchor, the passage, its time), a column of the claim like every other link
-- between entries, so a change of versions is one revision of the claim.
CREATE TYPE "ClaimKind" AS ENUM ('actor', 'number', 'time', 'place', 'attribution', 'other');
CREATE TYPE "ClaimStatus" AS ENUM ('open', 'resolved_for', 'both_stand', 'unresolvable');
CREATE TABLE "claims" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "detail" TEXT NOT NULL,
    "kind" "ClaimKind" NOT NULL DEFAULT 'other',
    "status" "ClaimStatus" NOT NULL DEFAULT 'open',
    "resolved_for" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    "versions" JSONB NOT NULL DEFAULT '[]',
    "logged_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "claims_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "claims_versions_check" CHECK (jsonb_typeof(versions) = 'array'),
    CONSTRAINT "claims_resolved_for_check" CHECK ((status = 'resolved_for') = (resolved_for IS NOT NULL))
);
CREATE INDEX "claims_story_id_deleted_at_status_idx" ON "claims"("story_id", "deleted_at", "status");
ALTER TABLE "claims" ADD CONSTRAINT "claims_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "claims" ADD CONSTRAINT "claims_logged_by_id_fkey" FOREIGN KEY ("logged_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TRIGGER documents_ledger AFTER INSERT OR UPDATE ON documents
    FOR EACH ROW EXECUTE FUNCTION record_revision('document', 'story_id', 'body');
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER documents_no_truncate BEFORE TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER claims_ledger AFTER INSERT OR UPDATE ON claims
    FOR EACH ROW EXECUTE FUNCTION record_revision('claim', 'story_id');
CREATE TRIGGER claims_no_delete BEFORE DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER claims_no_truncate BEFORE TRUNCATE ON claims
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();

-- The runtime role (default privileges gave it SELECT, INSERT, UPDATE, DELETE): tracked tables
-- are never hard-deleted. A document is immutable: the app may only soft-delete and restore it
-- (deleted_at, with version and updated_at), never change its words, hash or provenance.
REVOKE DELETE, TRUNCATE ON "documents", "claims" FROM storydesk_runtime;
REVOKE UPDATE ON "documents" FROM storydesk_runtime;
GRANT UPDATE ("deleted_at", "version", "updated_at") ON "documents" TO storydesk_runtime;

-- The kinds that can be linked, commented on and notified about.
ALTER TABLE "follow_ups" DROP CONSTRAINT "follow_ups_link_check";
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_link_check" CHECK (
    (link_kind IS NULL AND link_id IS NULL)
    OR (link_kind IN ('question', 'source', 'quote', 'timeline_event', 'document', 'claim') AND link_id IS NOT NULL)
);
ALTER TABLE "comments" DROP CONSTRAINT "comments_entity_type_check";
ALTER TABLE "comments" ADD CONSTRAINT "comments_entity_type_check" CHECK (entity_type IN ('source', 'quote', 'question', 'follow_up', 'timeline_event', 'document', 'claim'));
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK (kind IN ('assigned', 'reassigned', 'responded', 'status', 'due_soon', 'overdue', 'mentioned', 'anchor_changed'));
