import "server-only";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { StoryAccess } from "@/lib/server/access";
import { blindTokens, indexDeskKeyIds, padTokens } from "@/lib/server/crypto/blind-index";
import { nameWords } from "@/lib/evidence/speakers";
import { loadSourceKeys } from "./keyring";
import { openValue } from "./open";
import { isLead } from "./rule";

// The keyed blind index of sources' names and affiliations (issue 13): what lets the panel's
// search run in the database although names are sealed. For every piece of 1 to 3 letters
// (UTF-16 code units) of the lower-cased name and affiliation, one token — HMAC under a key
// derived per story from the desk key (lib/server/crypto/blind-index.ts) — in
// `source_search_index` (one row a source, its tokens in an array). A search's words hold
// pieces every text containing them must hold: its letters if one, itself if two, its 3-letter
// pieces if longer; the sources holding all their tokens are the candidates, then named and matched through the lens exactly as before
// (SourceLens.matches), so a false candidate is never shown and nothing that matched before is
// missed: the words are a substring of the text ⇒ their pieces are pieces of the text.
//
// Visibility: tokens are consulted only for sources whose identity the reader may see. Every
// source hidden from them (confidential, not theirs, not a lead's) and every burned one is a
// candidate whatever its tokens say, matched in the lens by its alias (or burned label) alone —
// so no result, count, order or timing depends on a hidden name. Why per story, and what a copy
// of the database learns from the tokens: lib/server/crypto/ARCHITECTURE.md.

const MAX_PIECE = 3;

/** The words as the lens matches them (SourceLens.matches): trimmed, lower-cased. */
export const searchWords = (q: string) => q.trim().toLowerCase();

/** Every piece of 1 to 3 code units of these texts, lower-cased as the search lowers them. */
export function piecesOfTexts(texts: readonly string[]): Set<string> {
  const pieces = new Set<string>();
  for (const text of texts) {
    const lower = text.toLowerCase();
    for (let n = 1; n <= MAX_PIECE; n++) for (let at = 0; at + n <= lower.length; at++) pieces.add(lower.slice(at, at + n));
  }
  return pieces;
}

/** The pieces every text containing these words holds: the longest pieces the index has. */
export function piecesOfWords(words: string): string[] {
  const n = Math.min(words.length, MAX_PIECE);
  const pieces = new Set<string>();
  for (let at = 0; at + n <= words.length; at++) pieces.add(words.slice(at, at + n));
  return [...pieces];
}

/**
 * What a source's row of the index holds: the tokens of its pieces, padded (their number would
 * tell the length) — of the name and affiliation as typed (the panel's search), and of their
 * words as the evidence viewer's speaker matching folds them, each between spaces (nameWords:
 * the viewer opens only the sources an attribution may name). Pieces of the second kind only
 * add candidates to a search, which the lens then confirms.
 */
const tokensOf = (storyId: string, identity: { name: string; affiliation: string }, deskKeyId: string) =>
  padTokens(blindTokens(storyId, piecesOfTexts([identity.name, identity.affiliation, nameWords(identity.name), nameWords(identity.affiliation)]), deskKeyId));

type Indexed = { storyId: string; sourceId: string; identity: { name: string; affiliation: string } };

/** Sets these sources' tokens to those of their name and affiliation (under the current desk key): one statement. */
async function writeTokens(tx: Tx, sources: readonly Indexed[]): Promise<void> {
  if (sources.length === 0) return;
  const { current } = indexDeskKeyIds();
  // Arrays of arrays do not cross the driver: each source's tokens as one '{…}' literal.
  const tokens = sources.map(({ storyId, identity }) => `{${tokensOf(storyId, identity, current).join(",")}}`);
  await tx.$executeRaw`
    INSERT INTO source_search_index (source_id, story_id, desk_key_id, tokens)
    SELECT r.source_id, r.story_id, ${current}, r.tokens::bigint[]
      FROM unnest(${sources.map((source) => source.sourceId)}::uuid[], ${sources.map((source) => source.storyId)}::uuid[], ${tokens}::text[]) AS r(source_id, story_id, tokens)
    ON CONFLICT (source_id) DO UPDATE SET story_id = excluded.story_id, desk_key_id = excluded.desk_key_id, tokens = excluded.tokens`;
}

/** Sets a source's tokens to those of this name and affiliation (under the current desk key). Inside the write. */
export async function indexSource(tx: Tx, storyId: string, sourceId: string, identity: { name: string; affiliation: string }): Promise<void> {
  await writeTokens(tx, [{ storyId, sourceId, identity }]);
}

/** A burned source keeps no tokens (nor does one whose name no configured key opens: it is always a candidate). */
export async function dropSourceTokens(tx: Tx, sourceId: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM source_search_index WHERE source_id = ${sourceId}::uuid`;
}

/** A source's tokens for tools that write sources in bulk outside the app (the bench), under the current desk key. */
export function searchTokensForBulkInsert(storyId: string, identity: { name: string; affiliation: string }): { deskKeyId: string; tokens: string[] } {
  const { current } = indexDeskKeyIds();
  return { deskKeyId: current, tokens: tokensOf(storyId, identity, current) };
}

/**
 * SQL (on `sources` aliased `t`): the reader's rule for a hidden identity, as maySeeProtected
 * says it — confidential, and the reader neither a lead of the story (as a member, not in a
 * redacted export) nor whoever logged it.
 */
function hiddenFrom(access: StoryAccess): Prisma.Sql {
  const confidential = Prisma.sql`t.protection::text = 'confidential'`;
  if (access.redact) return confidential;
  if (isLead(access)) return Prisma.sql`FALSE`;
  return Prisma.sql`(${confidential} AND t.logged_by_id <> ${access.user.id}::uuid)`;
}

/**
 * SQL (on `sources` aliased `t`): the live sources a search can match for this reader — every
 * hidden or burned one, every one not indexed under a configured desk key, and the others only
 * if they hold every token of the words (under any configured desk key: during a rotation the
 * index is rebuilt one source at a time). null when the words are empty (everything matches).
 * The candidates are then matched in the lens.
 */
export function searchCandidates(access: StoryAccess, q: string): Prisma.Sql | null {
  const words = searchWords(q);
  if (!words) return null;
  const pieces = piecesOfWords(words);
  const { all } = indexDeskKeyIds();
  const holding = all.map((deskKeyId) => Prisma.sql`(x.desk_key_id = ${deskKeyId} AND x.tokens @> ${blindTokens(access.storyId, pieces, deskKeyId)}::text[]::bigint[])`);
  // CASE, not OR: a hidden or burned source's tokens are never even compared (OR may evaluate either side first).
  return Prisma.sql`(CASE WHEN t.burned_at IS NOT NULL OR ${hiddenFrom(access)} THEN TRUE
    ELSE NOT EXISTS (SELECT 1 FROM source_search_index x WHERE x.source_id = t.id AND x.desk_key_id = ANY(${all}::text[]))
      OR EXISTS (SELECT 1 FROM source_search_index x WHERE x.source_id = t.id AND x.story_id = ${access.storyId}::uuid AND (${Prisma.join(holding, " OR ")}))
    END)`;
}

/**
 * SQL (on `sources` aliased `t`): the live sources the evidence viewer's attributions may name
 * (`words`: attributionWords, each " word " a name must hold whole) — every hidden or burned one
 * (named by its alias or burned label, never opened), every one not indexed under a configured
 * desk key, and the others only if they hold every token of one of the words. The viewer then
 * matches these by their labels exactly as it would match them all.
 */
export function speakerCandidates(access: StoryAccess, words: readonly string[]): Prisma.Sql {
  const { all } = indexDeskKeyIds();
  const holding = words.length
    ? all.flatMap((deskKeyId) => words.map((word) => Prisma.sql`(x.desk_key_id = ${deskKeyId} AND x.tokens @> ${blindTokens(access.storyId, piecesOfWords(word), deskKeyId)}::text[]::bigint[])`))
    : [Prisma.sql`FALSE`];
  return Prisma.sql`(CASE WHEN t.burned_at IS NOT NULL OR ${hiddenFrom(access)} THEN TRUE
    ELSE NOT EXISTS (SELECT 1 FROM source_search_index x WHERE x.source_id = t.id AND x.desk_key_id = ANY(${all}::text[]))
      OR EXISTS (SELECT 1 FROM source_search_index x WHERE x.source_id = t.id AND x.story_id = ${access.storyId}::uuid AND (${Prisma.join(holding, " OR ")}))
    END)`;
}

export type IndexCensus = { current: string; byDeskKey: Record<string, number>; notIndexed: number };

/** How many sources are indexed under each desk key, and how many unburned ones (deleted too) are not under the current one. */
export async function searchIndexCensus(): Promise<IndexCensus> {
  const { current } = indexDeskKeyIds();
  const rows = await db().$queryRaw<{ desk_key_id: string; sources: number }[]>`
    SELECT desk_key_id, count(*)::int AS sources FROM source_search_index GROUP BY desk_key_id ORDER BY desk_key_id`;
  const [{ missing } = { missing: 0 }] = await db().$queryRaw<{ missing: number }[]>`
    SELECT count(*)::int AS missing FROM sources s
     WHERE s.burned_at IS NULL AND NOT EXISTS (SELECT 1 FROM source_search_index x WHERE x.source_id = s.id AND x.desk_key_id = ${current})`;
  return { current, byDeskKey: Object.fromEntries(rows.map((row) => [row.desk_key_id, row.sources])), notIndexed: missing };
}

type Unindexed = { id: string; story_id: string; name: string; affiliation: string };

/**
 * (Re)builds the index of every unburned source not indexed under the current desk key: after a
 * rotation (the index key is derived from the desk key, so a new desk key means new tokens) and
 * for sources sealed before the index existed. A batch per transaction, each source's key locked
 * first as a write locks it (keyForWrite), so an edit and this never cross; interrupted, it
 * resumes (what is left is what is not under the current key). Returns how many it indexed.
 */
export async function rebuildSearchIndex(options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  const { current } = indexDeskKeyIds();
  const notUnderCurrent = Prisma.sql`s.burned_at IS NULL AND NOT EXISTS (SELECT 1 FROM source_search_index x WHERE x.source_id = s.id AND x.desk_key_id = ${current})`;
  const [{ total } = { total: 0 }] = await db().$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM sources s WHERE ${notUnderCurrent}`;
  let done = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const batch = await db().$transaction(
      async (tx) => {
        const ids = await tx.$queryRaw<{ id: string }[]>`
          SELECT s.id::text FROM sources s WHERE ${notUnderCurrent} AND s.id > ${after}::uuid ORDER BY s.id LIMIT ${batchSize}`;
        if (ids.length === 0) return [];
        const wanted = ids.map((row) => row.id);
        await tx.$queryRaw`SELECT 1 FROM source_keys WHERE source_id = ANY(${wanted}::uuid[]) ORDER BY source_id FOR UPDATE`;
        const rows = await tx.$queryRaw<Unindexed[]>`
          SELECT id::text, story_id::text, name, affiliation FROM sources WHERE id = ANY(${wanted}::uuid[]) AND burned_at IS NULL`;
        const keys = await loadSourceKeys(wanted, tx);
        const indexed: Indexed[] = [];
        for (const row of rows) {
          const name = openValue(keys.get(row.id), row.id, "name", row.name);
          const affiliation = openValue(keys.get(row.id), row.id, "affiliation", row.affiliation);
          // A value no configured key opens leaves the source unindexed: such a source is always a candidate.
          if (name === null || affiliation === null) await dropSourceTokens(tx, row.id);
          else indexed.push({ storyId: row.story_id, sourceId: row.id, identity: { name, affiliation } });
        }
        await writeTokens(tx, indexed);
        return wanted;
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
    if (batch.length === 0) return done;
    done += batch.length;
    after = batch.at(-1)!;
    options.onProgress?.(done, Math.max(total, done));
  }
}
