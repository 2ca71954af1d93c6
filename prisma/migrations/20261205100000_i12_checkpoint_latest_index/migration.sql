-- The chain's latest checkpoint at or below a revision (`ORDER BY seq DESC, id DESC LIMIT 1`:
-- what storing a new checkpoint checks, and the schedule's and the admin page's "latest") read
-- every checkpoint of that revision with an index on (chain, seq) alone: every export of the
-- same state of a story adds one, so a story exported 200 times read 200 rows per export, and
-- the export's signing cost grew with it (bench: 0.7 → 1.1 ms p50 over the runs; 2.2 ms at
-- 5,600 checkpoints of one revision). With the id in the index it is one probe, however many.
CREATE INDEX "ledger_checkpoints_chain_seq_id_idx" ON "ledger_checkpoints"("chain", "seq", "id");
DROP INDEX "ledger_checkpoints_chain_seq_idx";
