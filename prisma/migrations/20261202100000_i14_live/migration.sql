-- The live desk (issue 14): events come from the database itself, at commit.
--
-- Every revision and every notification sends a NOTIFY on the channel `storydesk_live` from
-- a trigger, in the transaction that writes it: PostgreSQL delivers it only if that
-- transaction commits, to every app instance that LISTENs. Payloads carry ids, sequence
-- numbers and kinds only, never content. See lib/server/live/ARCHITECTURE.md.
--
-- The revision event is a trigger on `revisions` of its own, not a change to record_revision():
-- the ledger's function, its hash's canonical form, its SECURITY DEFINER and pinned search path
-- stay exactly as issue 12 left them (verifyChain recomputes every hash; old revisions verify).
-- The trigger fires inside record_revision()'s INSERT, so with the ledger owner's rights; it
-- reads only the new row. A restore (lib/server/backup) switches it off with the rest
-- (DISABLE TRIGGER USER): restoring a desk announces nothing.

CREATE FUNCTION live_revision_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('storydesk_live', json_build_object(
        't', 'r', 'id', NEW.id, 'c', NEW.chain, 's', NEW.seq, 'k', NEW.entity_type,
        'e', NEW.entity_id, 'a', NEW.action, 'u', NEW.actor_id)::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER revisions_live_event AFTER INSERT ON "revisions"
    FOR EACH ROW EXECUTE FUNCTION live_revision_event();

-- Notifications get an order of their own (uuid ids have none): the live stream resumes
-- from the last one a browser saw.
ALTER TABLE "notifications" ADD COLUMN "seq" BIGSERIAL NOT NULL;
CREATE INDEX "notifications_user_id_seq_idx" ON "notifications"("user_id", "seq");

CREATE FUNCTION live_notification_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A new one carries its sequence number; a read one only says the recipient's inbox changed
    -- (PostgreSQL folds identical payloads of one transaction: "mark all read" is one event).
    PERFORM pg_notify('storydesk_live', json_build_object(
        't', 'n', 'u', NEW.user_id, 'q', CASE WHEN TG_OP = 'INSERT' THEN NEW.seq END)::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER notifications_live_event AFTER INSERT OR UPDATE OF "read_at" ON "notifications"
    FOR EACH ROW EXECUTE FUNCTION live_notification_event();

-- A session that ends (sign-out, "sign out everywhere", an admin) closes its live streams on
-- every instance at once. Accounts disabled or reset are revisions on the desk chain already.
CREATE FUNCTION live_session_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('storydesk_live', json_build_object('t', 'x', 'id', NEW.id, 'u', NEW.user_id)::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER sessions_live_event AFTER UPDATE OF "ended_at" ON "sessions"
    FOR EACH ROW WHEN (OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL)
    EXECUTE FUNCTION live_session_event();

-- Presence: who has a story open in which tab, on which panel, editing what. A hint, not
-- coverage: UNLOGGED (not written to the WAL, emptied after a crash, not replicated, left out
-- of backups) and not tracked by the ledger. One row per browser tab; the instance holding the
-- tab's stream creates and removes it, the tab's heartbeats keep it fresh, and rows not seen
-- for a while are swept by any instance (lib/server/live/presence.ts).
CREATE UNLOGGED TABLE "live_presence" (
    "tab_id" UUID NOT NULL,
    "stream_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "story_id" UUID NOT NULL,
    "panel" TEXT NOT NULL,
    "editing_kind" TEXT,
    "editing_id" UUID,
    "seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),

    CONSTRAINT "live_presence_pkey" PRIMARY KEY ("tab_id")
);
CREATE INDEX "live_presence_story_id_idx" ON "live_presence"("story_id");
CREATE INDEX "live_presence_seen_at_idx" ON "live_presence"("seen_at");

-- What others see changes: someone arrives, leaves, moves to another panel, starts or stops
-- editing. A heartbeat (seen_at alone) says nothing.
CREATE FUNCTION live_presence_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('storydesk_live', json_build_object('t', 'p', 's', OLD.story_id)::text);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('storydesk_live', json_build_object('t', 'p', 's', NEW.story_id)::text);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER live_presence_arrive_leave AFTER INSERT OR DELETE ON "live_presence"
    FOR EACH ROW EXECUTE FUNCTION live_presence_event();
CREATE TRIGGER live_presence_change AFTER UPDATE ON "live_presence"
    FOR EACH ROW WHEN (
        OLD.story_id IS DISTINCT FROM NEW.story_id OR OLD.panel IS DISTINCT FROM NEW.panel
        OR OLD.editing_kind IS DISTINCT FROM NEW.editing_kind OR OLD.editing_id IS DISTINCT FROM NEW.editing_id)
    EXECUTE FUNCTION live_presence_event();

-- The trigger functions are fired, never called.
REVOKE ALL ON FUNCTION live_revision_event(), live_notification_event(), live_session_event(), live_presence_event() FROM PUBLIC;
