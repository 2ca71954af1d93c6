-- The story workspace: sources, quotes, open questions, timeline events and the memo.
-- Every table is tracked by the revision ledger (record_revision) and never hard-deleted.

CREATE TYPE "SourceKind" AS ENUM ('person', 'organization', 'document', 'publication', 'dataset');
CREATE TYPE "Reliability" AS ENUM ('unassessed', 'low', 'medium', 'high');
CREATE TYPE "Protection" AS ENUM ('on_record', 'background', 'deep_background', 'off_record', 'confidential');
CREATE TYPE "QuoteMedium" AS ENUM ('interview', 'statement', 'email', 'publication', 'other');
CREATE TYPE "Verification" AS ENUM ('unverified', 'verified', 'disputed', 'retracted');
CREATE TYPE "QuoteUse" AS ENUM ('quotable', 'background_only');
CREATE TYPE "QuestionPriority" AS ENUM ('low', 'normal', 'high', 'urgent');
CREATE TYPE "QuestionStatus" AS ENUM ('open', 'chasing', 'answered', 'dropped');
CREATE TYPE "TimePrecision" AS ENUM ('day', 'minute');

ALTER TABLE "stories" ADD COLUMN "memo" JSONB NOT NULL DEFAULT '{"type":"doc","content":[{"type":"paragraph"}]}';

CREATE TABLE "sources" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "SourceKind" NOT NULL DEFAULT 'person',
    "affiliation" TEXT NOT NULL DEFAULT '',
    "link" TEXT NOT NULL DEFAULT '',
    "notes" JSONB NOT NULL DEFAULT '{"type":"doc","content":[{"type":"paragraph"}]}',
    "reliability" "Reliability" NOT NULL DEFAULT 'unassessed',
    "protection" "Protection" NOT NULL DEFAULT 'on_record',
    "contact" TEXT,
    "alias" TEXT,
    "logged_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "sources_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sources_story_id_deleted_at_idx" ON "sources"("story_id", "deleted_at");

CREATE TABLE "quotes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "speaker_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "said_at" TIMESTAMPTZ(6),
    "said_at_precision" "TimePrecision" NOT NULL DEFAULT 'day',
    "medium" "QuoteMedium" NOT NULL DEFAULT 'statement',
    "link" TEXT NOT NULL DEFAULT '',
    "language" TEXT NOT NULL DEFAULT 'en',
    "verification" "Verification" NOT NULL DEFAULT 'unverified',
    "use" "QuoteUse" NOT NULL DEFAULT 'quotable',
    "notes" JSONB NOT NULL DEFAULT '{"type":"doc","content":[{"type":"paragraph"}]}',
    "logged_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "quotes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "quotes_story_id_deleted_at_idx" ON "quotes"("story_id", "deleted_at");
CREATE INDEX "quotes_speaker_id_idx" ON "quotes"("speaker_id");

CREATE TABLE "questions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "why_it_matters" TEXT NOT NULL DEFAULT '',
    "priority" "QuestionPriority" NOT NULL DEFAULT 'normal',
    "status" "QuestionStatus" NOT NULL DEFAULT 'open',
    "answer" JSONB NOT NULL DEFAULT '{"type":"doc","content":[{"type":"paragraph"}]}',
    "answer_quote_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "answer_source_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "logged_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "questions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "questions_story_id_deleted_at_idx" ON "questions"("story_id", "deleted_at");

CREATE TABLE "timeline_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "precision" "TimePrecision" NOT NULL DEFAULT 'minute',
    "what" TEXT NOT NULL,
    "source_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "logged_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "timeline_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "timeline_events_story_id_deleted_at_occurred_at_idx" ON "timeline_events"("story_id", "deleted_at", "occurred_at");

ALTER TABLE "sources" ADD CONSTRAINT "sources_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "sources" ADD CONSTRAINT "sources_logged_by_id_fkey" FOREIGN KEY ("logged_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_logged_by_id_fkey" FOREIGN KEY ("logged_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "questions" ADD CONSTRAINT "questions_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "questions" ADD CONSTRAINT "questions_logged_by_id_fkey" FOREIGN KEY ("logged_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_logged_by_id_fkey" FOREIGN KEY ("logged_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A quote's speaker belongs to the same story.
CREATE UNIQUE INDEX "sources_id_story_id_key" ON "sources"("id", "story_id");
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_speaker_id_story_id_fkey" FOREIGN KEY ("speaker_id", "story_id") REFERENCES "sources"("id", "story_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Demo history: in a demo database only, the seed may date revisions in the simulated past
-- (storydesk.simulated_at, per transaction). "Demo database" is a database-level setting
-- (ALTER DATABASE … SET storydesk.demo = 'on', which needs the database's owner), read from
-- the catalog, not from the session: a session cannot switch it on for itself. Anywhere
-- else the revision time is always the database clock.
CREATE OR REPLACE FUNCTION ledger_now() RETURNS TIMESTAMPTZ LANGUAGE plpgsql AS $$
DECLARE
    v_simulated TEXT := nullif(current_setting('storydesk.simulated_at', true), '');
BEGIN
    IF v_simulated IS NOT NULL AND EXISTS (
        SELECT 1
          FROM pg_db_role_setting s
          JOIN pg_database d ON d.oid = s.setdatabase
         WHERE d.datname = current_database() AND s.setrole = 0
           AND 'storydesk.demo=on' = ANY (s.setconfig)
    ) THEN
        RETURN v_simulated::timestamptz;
    END IF;
    RETURN clock_timestamp();
END
$$;

-- record_revision() as before, with its clock from ledger_now().
CREATE OR REPLACE FUNCTION record_revision() RETURNS trigger LANGUAGE plpgsql AS $$
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
        VALUES (v_chain, v_story, 0, repeat('0', 64), ledger_now())
        ON CONFLICT (chain) DO NOTHING;
        SELECT seq, head_hash INTO v_seq, v_prev FROM revision_chains WHERE chain = v_chain FOR UPDATE;
    END IF;

    v_seq := v_seq + 1;
    v_at := ledger_now();
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

CREATE TRIGGER sources_ledger AFTER INSERT OR UPDATE ON sources
    FOR EACH ROW EXECUTE FUNCTION record_revision('source', 'story_id');
CREATE TRIGGER sources_no_delete BEFORE DELETE ON sources
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER sources_no_truncate BEFORE TRUNCATE ON sources
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();

CREATE TRIGGER quotes_ledger AFTER INSERT OR UPDATE ON quotes
    FOR EACH ROW EXECUTE FUNCTION record_revision('quote', 'story_id');
CREATE TRIGGER quotes_no_delete BEFORE DELETE ON quotes
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER quotes_no_truncate BEFORE TRUNCATE ON quotes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();

CREATE TRIGGER questions_ledger AFTER INSERT OR UPDATE ON questions
    FOR EACH ROW EXECUTE FUNCTION record_revision('question', 'story_id');
CREATE TRIGGER questions_no_delete BEFORE DELETE ON questions
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER questions_no_truncate BEFORE TRUNCATE ON questions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();

CREATE TRIGGER timeline_events_ledger AFTER INSERT OR UPDATE ON timeline_events
    FOR EACH ROW EXECUTE FUNCTION record_revision('timeline_event', 'story_id');
CREATE TRIGGER timeline_events_no_delete BEFORE DELETE ON timeline_events
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER timeline_events_no_truncate BEFORE TRUNCATE ON timeline_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();

-- Who saw a protected field (a source's contact details) and when: no content, append-only.
CREATE TABLE "sensitive_reads" (
    "id" BIGSERIAL NOT NULL,
    "story_id" UUID NOT NULL,
    "actor_id" UUID NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" UUID NOT NULL,
    "field" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sensitive_reads_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sensitive_reads_story_id_created_at_idx" ON "sensitive_reads"("story_id", "created_at");

CREATE FUNCTION refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'storydesk: % on % is refused: the log is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'P0001', HINT = 'storydesk.ledger_append_only';
END
$$;
CREATE TRIGGER sensitive_reads_append_only BEFORE UPDATE OR DELETE ON sensitive_reads
    FOR EACH ROW EXECUTE FUNCTION refuse_log_change();
CREATE TRIGGER sensitive_reads_no_truncate BEFORE TRUNCATE ON sensitive_reads
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_change();
