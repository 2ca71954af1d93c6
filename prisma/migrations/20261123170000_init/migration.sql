-- Storydesk: accounts, stories, members and the revision ledger.
-- The ledger is enforced here, in the database: see lib/server/ledger/ARCHITECTURE.md.

CREATE TYPE "UserRole" AS ENUM ('admin', 'editor', 'reporter');
CREATE TYPE "StoryStatus" AS ENUM ('developing', 'on_hold', 'published', 'archived');
CREATE TYPE "MemberRole" AS ENUM ('lead', 'contributor', 'reader');
CREATE TYPE "RevisionAction" AS ENUM ('create', 'update', 'delete', 'restore');

CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "UserRole" NOT NULL DEFAULT 'reporter',
    "password_hash" TEXT NOT NULL,
    "disabled_at" TIMESTAMPTZ(6),
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "users_email_lower_case" CHECK ("email" = lower("email"))
);
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

CREATE TABLE "stories" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "status" "StoryStatus" NOT NULL DEFAULT 'developing',
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "stories_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "stories_slug_key" ON "stories"("slug");

CREATE TABLE "story_members" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "MemberRole" NOT NULL DEFAULT 'contributor',
    "added_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "story_members_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "story_members_story_id_user_id_key" ON "story_members"("story_id", "user_id");
CREATE INDEX "story_members_user_id_idx" ON "story_members"("user_id");

CREATE TABLE "revisions" (
    "id" BIGSERIAL NOT NULL,
    "chain" TEXT NOT NULL,
    "story_id" UUID,
    "seq" BIGINT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" UUID NOT NULL,
    "action" "RevisionAction" NOT NULL,
    "actor_id" UUID NOT NULL,
    "reason" TEXT,
    "changed_fields" TEXT[] NOT NULL,
    "snapshot" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    CONSTRAINT "revisions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "revisions_chain_seq_key" ON "revisions"("chain", "seq");
CREATE INDEX "revisions_story_id_created_at_idx" ON "revisions"("story_id", "created_at");
CREATE INDEX "revisions_entity_id_seq_idx" ON "revisions"("entity_id", "seq");

CREATE TABLE "revision_chains" (
    "chain" TEXT NOT NULL,
    "story_id" UUID,
    "seq" BIGINT NOT NULL,
    "head_hash" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "revision_chains_pkey" PRIMARY KEY ("chain")
);
CREATE UNIQUE INDEX "revision_chains_story_id_key" ON "revision_chains"("story_id");

CREATE TABLE "sign_in_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,
    CONSTRAINT "sign_in_limits_pkey" PRIMARY KEY ("key")
);

ALTER TABLE "stories" ADD CONSTRAINT "stories_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "story_members" ADD CONSTRAINT "story_members_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "story_members" ADD CONSTRAINT "story_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "story_members" ADD CONSTRAINT "story_members_added_by_id_fkey" FOREIGN KEY ("added_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- The revision ledger.
--
-- record_revision() runs AFTER every INSERT/UPDATE of a tracked table. It refuses
-- the write unless the transaction names an actor (set_config('storydesk.actor_id')),
-- takes the row lock of the chain head (serializing the writers of one story),
-- and appends a revision whose hash covers the previous hash and a canonical
-- encoding of the revision (ledger_canonical, built only from core functions so
-- that `npm run audit:verify` can recompute it independently).
-- Trigger arguments: entity type, the column that names the story ('' = desk
-- chain), then columns kept out of snapshots.
-- ---------------------------------------------------------------------------

CREATE FUNCTION ledger_canonical(
    p_chain TEXT, p_seq BIGINT, p_entity_type TEXT, p_entity_id UUID, p_action TEXT,
    p_actor_id UUID, p_reason TEXT, p_changed_fields TEXT[], p_snapshot JSONB,
    p_created_at TIMESTAMPTZ, p_prev_hash TEXT
) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object(
        'v', 1,
        'chain', p_chain,
        'seq', p_seq,
        'entity_type', p_entity_type,
        'entity_id', p_entity_id,
        'action', p_action,
        'actor_id', p_actor_id,
        'reason', p_reason,
        'changed_fields', to_jsonb(p_changed_fields),
        'snapshot', p_snapshot,
        'created_at', to_char(p_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'prev_hash', p_prev_hash
    )::text
$$;

CREATE FUNCTION record_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_actor UUID;
    v_reason TEXT;
    v_entity_type TEXT := TG_ARGV[0];
    v_story_column TEXT := TG_ARGV[1];
    v_hidden TEXT[] := TG_ARGV[2:];
    v_new JSONB := to_jsonb(NEW);
    v_old JSONB;
    v_story UUID;
    v_chain TEXT;
    v_action "RevisionAction";
    v_changed TEXT[];
    v_snapshot JSONB;
    v_seq BIGINT;
    v_prev TEXT;
    v_at TIMESTAMPTZ;
    v_hash TEXT;
BEGIN
    BEGIN
        v_actor := nullif(current_setting('storydesk.actor_id', true), '')::uuid;
    EXCEPTION WHEN invalid_text_representation THEN
        v_actor := NULL;
    END;
    IF v_actor IS NULL THEN
        RAISE EXCEPTION 'storydesk: a write to % must name its actor; use the ledger write helper', TG_TABLE_NAME
            USING ERRCODE = 'P0001', HINT = 'storydesk.actor_missing';
    END IF;
    v_reason := nullif(current_setting('storydesk.reason', true), '');

    IF v_story_column = '' THEN
        v_chain := 'desk';
    ELSE
        v_story := (v_new ->> v_story_column)::uuid;
        v_chain := v_story::text;
    END IF;

    IF TG_OP = 'INSERT' THEN
        v_action := 'create';
        SELECT coalesce(array_agg(k ORDER BY k), '{}') INTO v_changed
          FROM jsonb_object_keys(v_new) AS k
         WHERE k NOT IN ('created_at', 'updated_at', 'version');
    ELSE
        v_old := to_jsonb(OLD);
        SELECT coalesce(array_agg(k ORDER BY k), '{}') INTO v_changed
          FROM jsonb_object_keys(v_new) AS k
         WHERE k NOT IN ('updated_at', 'version')
           AND (v_old -> k) IS DISTINCT FROM (v_new -> k);
        IF cardinality(v_changed) = 0 THEN
            RETURN NULL; -- nothing changed: nothing to record
        END IF;
        IF v_new ? 'deleted_at' AND (v_old ->> 'deleted_at') IS NULL AND (v_new ->> 'deleted_at') IS NOT NULL THEN
            v_action := 'delete';
        ELSIF v_new ? 'deleted_at' AND (v_old ->> 'deleted_at') IS NOT NULL AND (v_new ->> 'deleted_at') IS NULL THEN
            v_action := 'restore';
        ELSE
            v_action := 'update';
        END IF;
    END IF;

    v_snapshot := v_new - v_hidden;

    -- The chain head's row lock orders every writer of this chain.
    SELECT seq, head_hash INTO v_seq, v_prev FROM revision_chains WHERE chain = v_chain FOR UPDATE;
    IF NOT FOUND THEN
        INSERT INTO revision_chains (chain, story_id, seq, head_hash, updated_at)
        VALUES (v_chain, v_story, 0, repeat('0', 64), clock_timestamp())
        ON CONFLICT (chain) DO NOTHING;
        SELECT seq, head_hash INTO v_seq, v_prev FROM revision_chains WHERE chain = v_chain FOR UPDATE;
    END IF;

    v_seq := v_seq + 1;
    v_at := clock_timestamp();
    v_hash := encode(sha256(convert_to(ledger_canonical(
        v_chain, v_seq, v_entity_type, (v_new ->> 'id')::uuid, v_action::text, v_actor, v_reason,
        v_changed, v_snapshot, v_at, v_prev), 'UTF8')), 'hex');

    INSERT INTO revisions (chain, story_id, seq, entity_type, entity_id, action, actor_id, reason,
                           changed_fields, snapshot, created_at, prev_hash, hash)
    VALUES (v_chain, v_story, v_seq, v_entity_type, (v_new ->> 'id')::uuid, v_action, v_actor, v_reason,
            v_changed, v_snapshot, v_at, v_prev, v_hash);
    UPDATE revision_chains SET seq = v_seq, head_hash = v_hash, updated_at = v_at WHERE chain = v_chain;
    RETURN NULL;
END
$$;

-- Tracked tables: no hard deletes (entries are soft-deleted and restorable), no TRUNCATE.
CREATE FUNCTION refuse_tracked_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'storydesk: rows of % are never deleted; set deleted_at instead', TG_TABLE_NAME
        USING ERRCODE = 'P0001', HINT = 'storydesk.hard_delete';
END
$$;

-- The ledger itself: append-only; rows only come from record_revision().
CREATE FUNCTION guard_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND pg_trigger_depth() > 1 THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'revision_chains' AND TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'storydesk: % on % is refused: the revision ledger is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'P0001', HINT = 'storydesk.ledger_append_only';
END
$$;

CREATE TRIGGER revisions_guard BEFORE INSERT OR UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION guard_ledger();
CREATE TRIGGER revisions_guard_truncate BEFORE TRUNCATE ON revisions
    FOR EACH STATEMENT EXECUTE FUNCTION guard_ledger();
CREATE TRIGGER revision_chains_guard BEFORE INSERT OR UPDATE OR DELETE ON revision_chains
    FOR EACH ROW EXECUTE FUNCTION guard_ledger();
CREATE TRIGGER revision_chains_guard_truncate BEFORE TRUNCATE ON revision_chains
    FOR EACH STATEMENT EXECUTE FUNCTION guard_ledger();

CREATE TRIGGER users_ledger AFTER INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION record_revision('user', '', 'password_hash');
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER users_no_truncate BEFORE TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();

CREATE TRIGGER stories_ledger AFTER INSERT OR UPDATE ON stories
    FOR EACH ROW EXECUTE FUNCTION record_revision('story', 'id');
CREATE TRIGGER stories_no_delete BEFORE DELETE ON stories
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER stories_no_truncate BEFORE TRUNCATE ON stories
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();

CREATE TRIGGER story_members_ledger AFTER INSERT OR UPDATE ON story_members
    FOR EACH ROW EXECUTE FUNCTION record_revision('member', 'story_id');
CREATE TRIGGER story_members_no_delete BEFORE DELETE ON story_members
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER story_members_no_truncate BEFORE TRUNCATE ON story_members
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();
