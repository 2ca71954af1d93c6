-- History and audit: indexes for the story history feed's filters, and each member's last
-- visit (for "N changes since your last visit"). Visits are a reader's own bookmark, not
-- coverage: they are not tracked by the ledger.

CREATE INDEX "revisions_chain_entity_type_seq_idx" ON "revisions"("chain", "entity_type", "seq");
CREATE INDEX "revisions_chain_actor_id_seq_idx" ON "revisions"("chain", "actor_id", "seq");
CREATE INDEX "revisions_chain_action_seq_idx" ON "revisions"("chain", "action", "seq");

CREATE TABLE "story_visits" (
    "user_id" UUID NOT NULL,
    "story_id" UUID NOT NULL,
    -- The chain position and time of the latest page view.
    "seen_seq" BIGINT NOT NULL,
    "seen_at" TIMESTAMPTZ(6) NOT NULL,
    -- Where the previous visit ended: what "since your last visit" compares against.
    "baseline_seq" BIGINT,
    "baseline_at" TIMESTAMPTZ(6),
    CONSTRAINT "story_visits_pkey" PRIMARY KEY ("user_id", "story_id")
);
ALTER TABLE "story_visits" ADD CONSTRAINT "story_visits_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "story_visits" ADD CONSTRAINT "story_visits_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
