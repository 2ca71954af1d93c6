-- Issue 13: the sources panel's search back in the database. A keyed blind index of each
-- source's name and affiliation: HMAC tokens (truncated to 64 bits) of their 1-, 2- and 3-letter
-- pieces, under a key derived per story from a desk key and never stored; one row per source,
-- its tokens in an array (GIN: a search asks for the rows holding all of its tokens). See
-- lib/server/crypto/ARCHITECTURE.md ("Searching sealed names") and
-- lib/server/sources/protection/search-index.ts. No plaintext: only tokens.
--
-- Not tracked by the ledger (no revision trigger), like source_keys: the tokens are derived from
-- what the row holds sealed and can be rebuilt at will (a rotation re-derives them under the new
-- desk key); a burn deletes the row.
CREATE TABLE "source_search_index" (
    "source_id" UUID NOT NULL,
    "story_id" UUID NOT NULL,
    "desk_key_id" TEXT NOT NULL,
    "tokens" BIGINT[] NOT NULL,
    CONSTRAINT "source_search_index_pkey" PRIMARY KEY ("source_id")
);
CREATE INDEX "source_search_index_tokens_idx" ON "source_search_index" USING GIN ("tokens");
-- A new source's index is written just before its row, in the same transaction: checked at commit.
ALTER TABLE "source_search_index" ADD CONSTRAINT "source_search_index_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id")
    ON DELETE CASCADE ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;
