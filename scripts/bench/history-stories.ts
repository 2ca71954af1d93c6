// The stories of the history reads (issue 4): the same entries in each, and histories of
// growing length (Scale.history.revisions), so that a figure's growth comes from the length
// of the history alone. Built like the big story: bulk SQL through the ledger trigger, so
// every revision is real, with deletes and restores spread over each history.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { asActor } from "./cluster";
import type { Scale } from "./config";
import { inBatches, INSERTS, makeConfidential, TABLES, TRACKED_TABLES, type BenchUser } from "./generate";
import { buildHistory } from "./history";
import { say, since } from "./stats";

export type HistoryStory = {
  id: string;
  /** The chain's head after generation. */
  revisions: number;
  entries: number;
  deletes: number;
  restores: number;
};

export type HistoryDesk = { lead: BenchUser; stories: HistoryStory[]; timings: Record<string, number>; revisionsPerSecond: number };

/** "1k", "10k", "100k": how the figures name a history's length. */
export const shortCount = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : n.toLocaleString("en"));

export async function generateHistoryStories(client: pg.Client, scale: Scale, lead: BenchUser): Promise<HistoryDesk> {
  const { entries, revisions, churn } = scale.history;
  const ids = revisions.map(() => randomUUID());
  const timings: Record<string, number> = {};
  let start = performance.now();
  await asActor(client, lead.id, async () => {
    await client.query(
      `INSERT INTO stories (id, slug, title, summary, created_by_id, updated_at)
       SELECT s.id, format('bench-history-%s', s.n), format('Bench history: %s revisions', s.n),
              'The same entries as its siblings, and a longer history.', $3, clock_timestamp()
         FROM unnest($1::uuid[], $2::int[]) AS s(id, n)`,
      [ids, revisions, lead.id],
    );
    await client.query(
      `INSERT INTO story_members (story_id, user_id, role, added_by_id, updated_at)
       SELECT s, $2::uuid, 'lead'::"MemberRole", $2::uuid, clock_timestamp() FROM unnest($1::uuid[]) s`,
      [ids, lead.id],
    );
  });
  for (const table of TABLES) {
    await inBatches(entries[table], scale.updateBatch, async (from, to) => {
      await asActor(client, lead.id, () => client.query(INSERTS[table], [ids, from, to, lead.id]));
    });
  }
  for (const id of ids) await makeConfidential(client, id, scale.confidentialShare, lead.id);
  timings.entriesMs = since(start);
  const perStory = Object.values(entries).reduce((a, b) => a + b, 0);
  say(`history stories: ${ids.length} × ${perStory} entries (${Math.round(timings.entriesMs)} ms)`);

  start = performance.now();
  for (const [index, id] of ids.entries()) {
    const target = revisions[index]!;
    const head = await client.query<{ seq: string }>("SELECT seq::text AS seq FROM revision_chains WHERE chain = $1", [id]);
    if (Number(head.rows[0]?.seq) >= target) throw new Error(`a history story holds ${head.rows[0]?.seq} revisions before its history; ask for more than ${target}`);
    await buildHistory(client, id, target, scale.updateBatch, lead.id, churn);
  }
  timings.historyMs = since(start);

  start = performance.now();
  await client.query(`VACUUM ANALYZE ${TRACKED_TABLES}`);
  timings.vacuumAnalyzeMs = since(start);

  const counts = await client.query<{ chain: string; seq: string; entries: number; deletes: number; restores: number }>(
    `SELECT c.chain, c.seq::text AS seq,
            (SELECT count(*)::int FROM revisions r WHERE r.chain = c.chain AND r.action = 'create' AND r.entity_type NOT IN ('story', 'member')) AS entries,
            (SELECT count(*)::int FROM revisions r WHERE r.chain = c.chain AND r.action = 'delete') AS deletes,
            (SELECT count(*)::int FROM revisions r WHERE r.chain = c.chain AND r.action = 'restore') AS restores
       FROM revision_chains c WHERE c.chain = ANY($1::text[])`,
    [ids],
  );
  const byChain = new Map(counts.rows.map((row) => [row.chain, row]));
  const stories = ids.map((id) => {
    const row = byChain.get(id);
    return { id, revisions: Number(row?.seq ?? 0), entries: row?.entries ?? 0, deletes: row?.deletes ?? 0, restores: row?.restores ?? 0 };
  });
  const made = stories.reduce((sum, story) => sum + story.revisions, 0);
  const revisionsPerSecond = Math.round((made * 1000) / (timings.entriesMs + timings.historyMs));
  say(
    `history stories: ${stories.map((story) => `${story.revisions.toLocaleString("en")} revisions (${story.deletes} deletes, ${story.restores} restores)`).join("; ")}; ` +
      `VACUUM ANALYZE ${Math.round(timings.vacuumAnalyzeMs)} ms`,
  );
  return { lead, stories, timings, revisionsPerSecond };
}
