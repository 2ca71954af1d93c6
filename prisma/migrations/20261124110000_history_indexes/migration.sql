-- History reads: tell the planner that an entry's revisions all lie in one chain.
--
-- "As of" and compare probe each entry's latest revision at a moment:
--   WHERE entity_id = $e AND chain = $story AND seq <= $moment ORDER BY seq DESC LIMIT 1
-- on the (entity_id, seq) index. Without this, the planner multiplies the selectivities of
-- entity_id and chain as if independent, expects less than one matching row, gets no benefit
-- from the LIMIT, and may read and sort every revision of the entry instead (a bitmap heap
-- scan): cost growing with the history, chosen or not by the luck of ANALYZE's sample
-- (npm run bench: as of at 10,000 revisions took twice as long as at 1,000 and 100,000).
-- With the dependency known, the backward index scan that stops at the first row wins by a
-- wide margin. A statistics object costs nothing on writes; ANALYZE computes it.
CREATE STATISTICS "revisions_entity_id_chain_stx" (dependencies) ON "entity_id", "chain" FROM "revisions";
ANALYZE "revisions";
