-- Issue 16 (pages that ship what is seen): a panel opens newest first, and the Speaker filter
-- lists a story's newest sources. Ordered by the story's rows in an index, a page of 50 quotes
-- of a story with 2,000 reads its 50 keys instead of sorting every row (~4 ms → well under 1 ms).
CREATE INDEX "quotes_story_id_created_at_idx" ON "quotes"("story_id", "created_at");
CREATE INDEX "sources_story_id_created_at_idx" ON "sources"("story_id", "created_at");
