-- Follow-ups (assignable tasks), comment threads on entries, and each user's notifications.
-- Follow-ups and comments are tracked by the revision ledger on the story's chain and never
-- hard-deleted; notifications are a reader's own inbox (not coverage), so not tracked.

CREATE TYPE "FollowUpStatus" AS ENUM ('todo', 'in_progress', 'done', 'cancelled');
CREATE TYPE "FollowUpResponse" AS ENUM ('pending', 'accepted', 'declined');

CREATE TABLE "follow_ups" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '',
    "assignee_id" UUID NOT NULL,
    "assigned_by_id" UUID NOT NULL,
    "due_at" TIMESTAMPTZ(6),
    "priority" "QuestionPriority" NOT NULL DEFAULT 'normal',
    "status" "FollowUpStatus" NOT NULL DEFAULT 'todo',
    "response" "FollowUpResponse" NOT NULL DEFAULT 'pending',
    "response_note" TEXT NOT NULL DEFAULT '',
    "completion_note" TEXT NOT NULL DEFAULT '',
    "link_kind" TEXT,
    "link_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "follow_ups_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "follow_ups_link_check" CHECK (
        (link_kind IS NULL AND link_id IS NULL)
        OR (link_kind IN ('question', 'source', 'quote', 'timeline_event') AND link_id IS NOT NULL)
    )
);
CREATE INDEX "follow_ups_story_id_deleted_at_status_idx" ON "follow_ups"("story_id", "deleted_at", "status");
CREATE INDEX "follow_ups_assignee_id_status_due_at_idx" ON "follow_ups"("assignee_id", "status", "due_at");
CREATE INDEX "follow_ups_link_id_idx" ON "follow_ups"("link_id");
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_assigned_by_id_fkey" FOREIGN KEY ("assigned_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "comments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "story_id" UUID NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "mention_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "resolved_at" TIMESTAMPTZ(6),
    "resolved_by_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL,
    "deleted_at" TIMESTAMPTZ(6),
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "comments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "comments_entity_type_check" CHECK (entity_type IN ('source', 'quote', 'question', 'follow_up', 'timeline_event'))
);
CREATE INDEX "comments_story_id_entity_type_entity_id_created_at_idx" ON "comments"("story_id", "entity_type", "entity_id", "created_at");
ALTER TABLE "comments" ADD CONSTRAINT "comments_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "story_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_id" UUID,
    "entity_type" TEXT NOT NULL,
    "entity_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(6),
    "email_status" TEXT NOT NULL DEFAULT 'none',
    "email_claimed_at" TIMESTAMPTZ(6),
    "email_attempts" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notifications_kind_check" CHECK (kind IN ('assigned', 'reassigned', 'responded', 'status', 'due_soon', 'overdue', 'mentioned')),
    CONSTRAINT "notifications_email_status_check" CHECK (email_status IN ('none', 'pending', 'sent', 'failed'))
);
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");
CREATE INDEX "notifications_user_id_read_at_created_at_idx" ON "notifications"("user_id", "read_at", "created_at");
CREATE INDEX "notifications_email_status_created_at_idx" ON "notifications"("email_status", "created_at");
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TRIGGER follow_ups_ledger AFTER INSERT OR UPDATE ON follow_ups
    FOR EACH ROW EXECUTE FUNCTION record_revision('follow_up', 'story_id');
CREATE TRIGGER follow_ups_no_delete BEFORE DELETE ON follow_ups
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER follow_ups_no_truncate BEFORE TRUNCATE ON follow_ups
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();

CREATE TRIGGER comments_ledger AFTER INSERT OR UPDATE ON comments
    FOR EACH ROW EXECUTE FUNCTION record_revision('comment', 'story_id');
CREATE TRIGGER comments_no_delete BEFORE DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION refuse_tracked_delete();
CREATE TRIGGER comments_no_truncate BEFORE TRUNCATE ON comments
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_tracked_delete();
