-- Issue 17: the keyed search index of sources also holds the pieces of their names' words as the
-- evidence viewer's speaker matching folds them (lib/server/sources/protection/search-index.ts),
-- so the viewer opens only the sources an attribution may name. Tokens are derived with the desk
-- key, which SQL never sees: the rows are emptied here and rebuilt by `npm run keys:seal`, which
-- the launcher runs when a source has no row. Meanwhile every unindexed source is a candidate
-- of every search, so searches stay exact, only slower.
DELETE FROM "source_search_index";
