// Builds the scaled desk with bulk SQL through a raw `pg` client. Every row goes through the
// ledger trigger, so each create and update below is a real, hash-chained revision.
// Transactions stay small (Scale.updateBatch rows): every revision of a chain updates the
// same chain-head row, and one transaction's superseded versions of it cannot be pruned
// until it commits.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { KINDS } from "@/lib/entry-kinds/kinds";
import { asActor } from "./cluster";
import { BIG_TITLE, type Scale } from "./config";
import { buildHistory } from "./history";
import { say, since } from "./stats";

export type BenchUser = { id: string; email: string; name: string; role: "admin" | "editor" | "reporter" };

export type Desk = {
  bigStoryId: string;
  lead: BenchUser;
  writers: BenchUser[];
  storyIds: string[];
  revisions: { bigChain: number; total: number };
  timings: Record<string, number>;
};

const SYSTEM_ACTOR_ID = "00000000-0000-0000-0000-000000000000"; // lib/server/ledger: the seed's actor
const EDITORS = 4;

/** Splits 1..total into transactions of at most `batch` rows. */
export async function inBatches(total: number, batch: number, work: (from: number, to: number) => Promise<void>): Promise<void> {
  for (let from = 1; from <= total; from += batch) await work(from, Math.min(total, from + batch - 1));
}

export type DeskUsers = { lead: BenchUser; editors: BenchUser[]; writers: BenchUser[] };

async function insertUsers(client: pg.Client, passwordHash: string, writers: number): Promise<DeskUsers> {
  type Row = { id: string; email: string; name: string; role: BenchUser["role"] };
  const rows = await asActor(client, SYSTEM_ACTOR_ID, async () => {
    const result = await client.query<Row>(
      `INSERT INTO users (email, name, role, password_hash, updated_at)
       SELECT 'bench-lead@storydesk.example', 'Bench Lead', 'editor'::"UserRole", $1, clock_timestamp()
       UNION ALL
       SELECT format('bench-editor-%s@storydesk.example', g), format('Bench Editor %s', g), 'editor'::"UserRole", $1, clock_timestamp()
         FROM generate_series(1, $2::int) g
       UNION ALL
       SELECT format('bench-writer-%s@storydesk.example', lpad(g::text, 2, '0')), format('Bench Writer %s', g), 'reporter'::"UserRole", $1, clock_timestamp()
         FROM generate_series(1, $3::int) g
       RETURNING id, email, name, role::text AS role`,
      [passwordHash, EDITORS, writers],
    );
    return result.rows;
  });
  const byPrefix = (prefix: string) => rows.filter((row) => row.email.startsWith(prefix)).sort((a, b) => a.email.localeCompare(b.email));
  return { lead: byPrefix("bench-lead@")[0]!, editors: byPrefix("bench-editor-"), writers: byPrefix("bench-writer-") };
}

async function insertStories(client: pg.Client, scale: Scale, lead: BenchUser, editors: BenchUser[], writers: BenchUser[]): Promise<string[]> {
  const bigStoryId = randomUUID();
  const smallIds = Array.from({ length: scale.stories - 1 }, () => randomUUID());
  const editorIds = editors.map((editor) => editor.id);
  await asActor(client, lead.id, async () => {
    await client.query(
      `INSERT INTO stories (id, slug, title, summary, created_by_id, updated_at)
       VALUES ($1, 'bench-harbour-contracts', $2, 'Who won the harbour contracts, and who signed them off.', $3, clock_timestamp())`,
      [bigStoryId, BIG_TITLE, lead.id],
    );
    await client.query(
      `INSERT INTO story_members (story_id, user_id, role, added_by_id, updated_at)
       SELECT $1::uuid, $2::uuid, 'lead'::"MemberRole", $2::uuid, clock_timestamp()
       UNION ALL
       SELECT $1::uuid, w, 'contributor'::"MemberRole", $2::uuid, clock_timestamp() FROM unnest($3::uuid[]) w`,
      [bigStoryId, lead.id, writers.map((writer) => writer.id)],
    );
    // Small stories: opened by one of the editors (their lead); the bench lead contributes.
    await client.query(
      `INSERT INTO stories (id, slug, title, summary, created_by_id, updated_at)
       SELECT s.id, format('bench-story-%s', s.n), format('Bench story %s', s.n), 'A smaller story on the same desk.',
              ($2::uuid[])[1 + (s.n % cardinality($2::uuid[]))], clock_timestamp()
         FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n)`,
      [smallIds, editorIds],
    );
    await client.query(
      `INSERT INTO story_members (story_id, user_id, role, added_by_id, updated_at)
       SELECT s.id, ($2::uuid[])[1 + (s.n % cardinality($2::uuid[]))], 'lead'::"MemberRole", $3::uuid, clock_timestamp()
         FROM unnest($1::uuid[]) WITH ORDINALITY AS s(id, n)
       UNION ALL
       SELECT s.id, $3::uuid, 'contributor'::"MemberRole", $3::uuid, clock_timestamp() FROM unnest($1::uuid[]) AS s(id)`,
      [smallIds, editorIds, lead.id],
    );
  });
  return [bigStoryId, ...smallIds];
}

const notesDoc = (text: string) =>
  `jsonb_build_object('type', 'doc', 'content', jsonb_build_array(jsonb_build_object('type', 'paragraph',
     'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', ${text})))))`;

/** Rows from..to of each table for the given stories ($1 stories, $2 from, $3 to, $4 actor). */
export const INSERTS = {
  sources: `INSERT INTO sources (story_id, name, kind, affiliation, link, notes, reliability, logged_by_id, updated_at)
    SELECT s, format('Source %s', g), (ARRAY['person','organization','document','publication','dataset']::"SourceKind"[])[1 + g % 5],
           format('Harbour authority, office %s', g % 40), format('https://example.org/sources/%s', g),
           ${notesDoc("format('Met at the port office; follow up on contract %s.', g)")},
           (ARRAY['unassessed','low','medium','high']::"Reliability"[])[1 + g % 4], $4, clock_timestamp()
      FROM unnest($1::uuid[]) s, generate_series($2::int, $3::int) g`,
  quotes: `INSERT INTO quotes (story_id, speaker_id, text, said_at, medium, verification, logged_by_id, updated_at)
    SELECT sp.story_id, sp.ids[1 + g % cardinality(sp.ids)],
           format('Quote %s: "We followed every rule on contract %s, and the minutes will show it."', g, g),
           date_trunc('day', timestamptz '2026-06-01 00:00Z' + g * interval '3 hours'),
           (ARRAY['interview','statement','email','publication','other']::"QuoteMedium"[])[1 + g % 5],
           (ARRAY['unverified','verified','disputed']::"Verification"[])[1 + g % 3], $4, clock_timestamp()
      FROM (SELECT story_id, array_agg(id ORDER BY id) AS ids FROM sources WHERE story_id = ANY($1::uuid[]) GROUP BY story_id) sp,
           generate_series($2::int, $3::int) g`,
  questions: `INSERT INTO questions (story_id, text, why_it_matters, priority, status, logged_by_id, updated_at)
    SELECT s, format('Question %s: who signed off on contract %s?', g, g), 'It decides whether the tender was rigged.',
           (ARRAY['low','normal','high','urgent']::"Priority"[])[1 + g % 4],
           (ARRAY['open','chasing','answered','dropped']::"QuestionStatus"[])[1 + g % 4], $4, clock_timestamp()
      FROM unnest($1::uuid[]) s, generate_series($2::int, $3::int) g`,
  timeline: `INSERT INTO timeline_events (story_id, occurred_at, precision, what, logged_by_id, updated_at)
    SELECT s, timestamptz '2026-05-01 00:00Z' + g * interval '97 minutes', 'minute',
           format('Event %s: the harbour board meets about contract %s.', g, g), $4, clock_timestamp()
      FROM unnest($1::uuid[]) s, generate_series($2::int, $3::int) g`,
} as const;

type Table = keyof typeof INSERTS;
export const TABLES: Table[] = ["sources", "quotes", "questions", "timeline"];

/** The ledger's tables and every tracked kind's (the registry's), to VACUUM ANALYZE after bulk inserts. */
export const TRACKED_TABLES = ["revisions", "revision_chains", ...Object.values(KINDS).map((kind) => kind.table)].join(", ");

/**
 * Seals every source of a story with its own data key (issue 13: identities are never stored in
 * plaintext) and writes its keyed search tokens, as the protection lens does, and turns a share
 * of them confidential with an alias.
 */
export async function makeConfidential(client: pg.Client, storyId: string, share: number, actorId: string): Promise<number> {
  const { aliasOf, sealForBulkInsert, searchTokensForBulkInsert } = await import("@/lib/server/sources/protection");
  const rows = await client.query<{ id: string; name: string; affiliation: string; link: string; notes: string }>(
    "SELECT id, name, affiliation, link, notes FROM sources WHERE story_id = $1 ORDER BY id",
    [storyId],
  );
  const confidential = Math.ceil(rows.rows.length * share);
  const sealed = rows.rows.map((row) => sealForBulkInsert(row.id, row));
  const ids = rows.rows.map((row) => row.id);
  // The keyed search index, as the lens writes it with every source.
  const indexed = rows.rows.map((row) => searchTokensForBulkInsert(storyId, row));
  await asActor(client, actorId, async () => {
    await client.query(
      `INSERT INTO source_keys (source_id, key_version, wrapped_key, desk_key_id)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[])`,
      [ids, ids.map(() => 1), sealed.map((row) => row.wrapped), sealed.map((row) => row.deskKeyId)],
    );
    await client.query(
      `UPDATE sources SET name = c.name, affiliation = c.affiliation, link = c.link, notes = c.notes,
              protection = CASE WHEN c.alias IS NULL THEN protection ELSE 'confidential' END, alias = c.alias,
              version = version + 1, updated_at = clock_timestamp()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS c(id, name, affiliation, link, notes, alias)
        WHERE sources.id = c.id`,
      [
        ids,
        sealed.map((row) => row.name),
        sealed.map((row) => row.affiliation),
        sealed.map((row) => row.link),
        sealed.map((row) => row.notes),
        ids.map((_, index) => (index < confidential ? aliasOf(index) : null)),
      ],
    );
    await client.query(
      `INSERT INTO source_search_index (source_id, story_id, desk_key_id, tokens)
       SELECT t.source_id, $1::uuid, t.desk_key_id, t.tokens::bigint[] FROM unnest($2::uuid[], $3::text[], $4::text[]) AS t(source_id, desk_key_id, tokens)`,
      [storyId, ids, indexed.map((row) => row.deskKeyId), indexed.map((row) => `{${row.tokens.join(",")}}`)],
    );
  });
  return confidential;
}

/** The bench's accounts: one lead, a few editors, the writers. */
export async function createUsers(client: pg.Client, scale: Scale): Promise<DeskUsers> {
  const { hashPassword } = await import("@/lib/server/passwords");
  const passwordHash = await hashPassword(`bench-${randomUUID()}`); // one hash for every bench account
  return insertUsers(client, passwordHash, scale.writers.writers);
}

export async function generateDesk(client: pg.Client, scale: Scale, users: DeskUsers): Promise<Desk> {
  const timings: Record<string, number> = {};
  let start = performance.now();
  const { lead, editors, writers } = users;
  const storyIds = await insertStories(client, scale, lead, editors, writers);
  const bigStoryId = storyIds[0]!;
  timings.storiesMs = since(start);
  say(`${storyIds.length} stories (${Math.round(timings.storiesMs)} ms)`);

  start = performance.now();
  let rows = 0;
  for (const table of TABLES) {
    // The small stories together, then the big one, each in transactions of updateBatch rows.
    const smallIds = storyIds.slice(1);
    const perSmall = Math.max(1, Math.floor(scale.updateBatch / Math.max(1, smallIds.length)));
    await inBatches(scale.small[table], perSmall, async (from, to) => {
      await asActor(client, lead.id, () => client.query(INSERTS[table], [smallIds, from, to, lead.id]));
      rows += smallIds.length * (to - from + 1);
    });
    await inBatches(scale.big[table], scale.updateBatch, async (from, to) => {
      await asActor(client, lead.id, () => client.query(INSERTS[table], [[bigStoryId], from, to, lead.id]));
      rows += to - from + 1;
    });
  }
  const confidential = await makeConfidential(client, bigStoryId, scale.confidentialShare, lead.id);
  timings.entriesMs = since(start);
  say(`${rows.toLocaleString("en")} entries created, ${confidential} sources made confidential (${Math.round(timings.entriesMs)} ms, ${Math.round((rows * 1000) / timings.entriesMs)} rows/s)`);

  start = performance.now();
  await buildHistory(client, bigStoryId, scale.bigRevisions, scale.updateBatch, lead.id);
  timings.historyMs = since(start);

  start = performance.now();
  await client.query("VACUUM ANALYZE");
  timings.vacuumAnalyzeMs = since(start);
  say(`VACUUM ANALYZE (${Math.round(timings.vacuumAnalyzeMs)} ms)`);

  const counts = await client.query<{ big: string; total: string }>(
    "SELECT (SELECT seq FROM revision_chains WHERE chain = $1)::text AS big, (SELECT count(*) FROM revisions)::text AS total",
    [bigStoryId],
  );
  const revisions = { bigChain: Number(counts.rows[0]?.big ?? 0), total: Number(counts.rows[0]?.total ?? 0) };
  return { bigStoryId, lead, writers, storyIds, revisions, timings };
}
