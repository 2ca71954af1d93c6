-- Signed checkpoints (issue 12): the desk's Ed25519 signature over a chain's length and head
-- hash at a moment, as a C2SP signed note. Kept here (append-only) and mirrored outside the
-- database; verification checks that each chain still contains every checkpoint it is given.
-- The note is the checkpoint: chain, seq and head_hash repeat what it says, for lookups.

CREATE TABLE "ledger_checkpoints" (
    "id" BIGSERIAL NOT NULL,
    "chain" TEXT NOT NULL,
    "story_id" UUID,
    "seq" BIGINT NOT NULL,
    "head_hash" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(6) NOT NULL,
    "key_name" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    -- Why it was made: an export (the note is in the dossier), on demand, or the schedule.
    "occasion" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ledger_checkpoints_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ledger_checkpoints_occasion_check" CHECK (occasion IN ('export', 'on_demand', 'schedule'))
);
CREATE INDEX "ledger_checkpoints_chain_seq_idx" ON "ledger_checkpoints"("chain", "seq");

CREATE TRIGGER ledger_checkpoints_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoints
    FOR EACH ROW EXECUTE FUNCTION refuse_log_change();
CREATE TRIGGER ledger_checkpoints_no_truncate BEFORE TRUNCATE ON ledger_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_log_change();

-- The runtime role appends checkpoints and reads them (default privileges gave it more).
REVOKE UPDATE, DELETE, TRUNCATE ON "ledger_checkpoints" FROM storydesk_runtime;

-- Exports are looked up by the SHA-256 of their file (Verify a copy: "this exact file").
CREATE INDEX "sensitive_reads_export_sha256_idx" ON "sensitive_reads" ((details ->> 'sha256')) WHERE kind = 'export';
