// A story's history: rounds of edits over every entry until its chain holds the target
// number of revisions. Each UPDATE row fires the ledger trigger (a real revision). With
// churn, that many deletes are spread evenly over the history, each entry restored at the
// next one (so "delete" and "restore" revisions exist, and an entry is deleted at any moment).
import type pg from "pg";
import { asActor } from "./cluster";
import { say, since } from "./stats";

type Table = "quotes" | "sources" | "questions" | "timeline_events";

/** $1 = ids, $2 = round. Each round changes a text field, so every row records a revision. */
const UPDATES: Record<Table, string> = {
  quotes: `UPDATE quotes SET text = regexp_replace(text, ' \\(rev \\d+\\)$', '') || format(' (rev %s)', $2::int),
                verification = (ARRAY['unverified','verified','disputed']::"Verification"[])[1 + $2::int % 3],
                version = version + 1, updated_at = clock_timestamp()
          WHERE id = ANY($1::uuid[])`,
  sources: `UPDATE sources SET link = regexp_replace(link, '\\?rev=\\d+$', '') || format('?rev=%s', $2::int),
                reliability = (ARRAY['unassessed','low','medium','high']::"Reliability"[])[1 + $2::int % 4],
                version = version + 1, updated_at = clock_timestamp()
          WHERE id = ANY($1::uuid[])`,
  questions: `UPDATE questions SET why_it_matters = format('Round %s: it decides whether the tender was rigged.', $2::int),
                status = (ARRAY['open','chasing','answered','open']::"QuestionStatus"[])[1 + $2::int % 4],
                version = version + 1, updated_at = clock_timestamp()
          WHERE id = ANY($1::uuid[])`,
  timeline_events: `UPDATE timeline_events SET what = regexp_replace(what, ' \\(rev \\d+\\)$', '') || format(' (rev %s)', $2::int),
                version = version + 1, updated_at = clock_timestamp()
          WHERE id = ANY($1::uuid[])`,
};

type Deleted = { table: Table; id: string };

/** $1 = ids: deleted ones come back, the others are deleted (the trigger records which). */
const toggleDeleted = (table: Table) =>
  `UPDATE ${table} SET deleted_at = CASE WHEN deleted_at IS NULL THEN clock_timestamp() END,
          version = version + 1, updated_at = clock_timestamp()
    WHERE id = ANY($1::uuid[])`;

const REASONS = ["corrected against the recording", "checked with the source", "", "style", ""];

/** Quotes are 2/5 of the entries: they get 2 of every 5 batches, so every entry sees about as many edits. */
const ROTATION: Table[] = ["quotes", "sources", "quotes", "questions", "timeline_events"];

async function chainSeq(client: pg.Client, storyId: string): Promise<number> {
  const result = await client.query<{ seq: string }>("SELECT seq::text AS seq FROM revision_chains WHERE chain = $1", [storyId]);
  return Number(result.rows[0]?.seq ?? 0);
}

export async function buildHistory(client: pg.Client, storyId: string, target: number, batch: number, actorId: string, churn = 0): Promise<void> {
  const ids = {} as Record<Table, string[]>;
  for (const table of ROTATION) {
    const result = await client.query<{ id: string }>(`SELECT id FROM ${table} WHERE story_id = $1 ORDER BY id`, [storyId]);
    ids[table] = result.rows.map((row) => row.id);
  }
  const cursor: Record<Table, { at: number; round: number }> = {
    quotes: { at: 0, round: 1 },
    sources: { at: 0, round: 1 },
    questions: { at: 0, round: 1 },
    timeline_events: { at: 0, round: 1 },
  };
  const startSeq = await chainSeq(client, storyId);
  let seq = startSeq;
  const start = performance.now();
  let lastReport = start;
  say(`history: ${seq.toLocaleString("en")} revisions so far, building to ${target.toLocaleString("en")}…`);
  const interval = churn > 0 ? Math.max(2, Math.floor((target - startSeq) / (churn + 1))) : Number.POSITIVE_INFINITY;
  let churned = 0;
  const deleted: Deleted[] = []; // the entry the next churn restores
  for (let step = 0; seq < target; ) {
    const nextChurn = churned < churn ? startSeq + interval * (churned + 1) : Number.POSITIVE_INFINITY;
    if (seq >= nextChurn && target - seq >= 2) {
      const table = ROTATION[churned % ROTATION.length]!;
      const victim = ids[table][(churned * 37) % ids[table].length];
      const restore = deleted.pop();
      const next: Deleted | null = victim && victim !== restore?.id ? { table, id: victim } : null;
      await asActor(client, actorId, async () => {
        await client.query("SELECT set_config('storydesk.reason', $1, true)", ["bench churn"]);
        if (restore) await client.query(toggleDeleted(restore.table), [[restore.id]]);
        if (next) await client.query(toggleDeleted(next.table), [[next.id]]);
      });
      if (next) deleted.push(next);
      churned += 1;
      seq = await chainSeq(client, storyId);
      continue;
    }
    const table = ROTATION[step % ROTATION.length]!;
    step += 1;
    const all = ids[table];
    if (all.length === 0) continue;
    const position = cursor[table];
    const slice = all.slice(position.at, position.at + Math.min(batch, target - seq, Math.max(1, nextChurn - seq)));
    const reason = REASONS[(step - 1) % REASONS.length]!;
    await asActor(client, actorId, async () => {
      await client.query("SELECT set_config('storydesk.reason', $1, true)", [reason]);
      await client.query(UPDATES[table], [slice, position.round]);
    });
    position.at += slice.length;
    if (position.at >= all.length) {
      position.at = 0;
      position.round += 1;
    }
    seq = await chainSeq(client, storyId);
    if (performance.now() - lastReport > 3000 || seq >= target) {
      lastReport = performance.now();
      const rate = ((seq - startSeq) * 1000) / since(start);
      say(`history: ${seq.toLocaleString("en")} / ${target.toLocaleString("en")} revisions (${Math.round(rate).toLocaleString("en")} rows/s)`);
    }
  }
}
