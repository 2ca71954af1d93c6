// 3c. Concurrent writers on one story: each writer edits its own quote of the big story
// through the domain function, all at once. Then: were all writes kept (no lost update),
// did any fail (deadlock, timeout), and does the story's chain still verify?
// When the writers outnumber the Prisma pool, a smaller run below the pool size comes
// first (informational), so that pool effects and ledger effects can be told apart.
import type pg from "pg";
import type { Scale } from "./config";
import { editQuote, loadQuotes } from "./edits";
import type { Desk } from "./generate";
import { metric, say, since, summarize, timed, type Metric, type Summary } from "./stats";

export type WriterResult = { metrics: Metric[]; errors: string[]; notAttempted: number };

type Run = { latencies: number[]; errors: string[]; notAttempted: number; lost: number; wallMs: number; total: number };

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // Numbers (elapsed ms, ids) vary between occurrences: drop them so that errors group by kind.
    const message = (error.message.split("\n").filter(Boolean).slice(-1)[0] ?? "").replace(/\d+/g, "N").slice(0, 120);
    return `${error.name}${code ? ` ${String(code)}` : ""}: ${message}`;
  }
  return String(error);
}

async function runWriters(client: pg.Client, desk: Desk, scale: Scale, writers: number, offset: number): Promise<Run> {
  const { updateQuote } = await import("@/lib/server/quotes");
  const { updatesEach, timeLimitMs } = scale.writers;
  const seeds = await loadQuotes(client, desk.bigStoryId, offset, writers);
  const startVersions = seeds.map((seed) => seed.version);
  const before = await client.query<{ seq: string }>("SELECT seq::text AS seq FROM revision_chains WHERE chain = $1", [desk.bigStoryId]);
  const startSeq = Number(before.rows[0]?.seq ?? 0);
  const users = desk.writers.slice(0, writers);
  if (users.length < writers) throw new Error(`only ${users.length} writer accounts for ${writers} writers`);

  const latencies: number[] = [];
  const errors: string[] = [];
  const applied = seeds.map(() => 0);
  const lastText = seeds.map((seed) => seed.text);
  let notAttempted = 0;
  const start = performance.now();
  // A stalled run (e.g. every write waiting for a connection) stops starting new writes here.
  const deadline = start + timeLimitMs;
  await Promise.all(
    seeds.map(async (seed, w) => {
      for (let k = 1; k <= updatesEach; k++) {
        if (performance.now() > deadline) {
          notAttempted += updatesEach - k + 1;
          break;
        }
        const text = `${seed.text} [writer ${w + 1}, edit ${k}]`;
        try {
          const { ms } = await timed(() => editQuote(updateQuote, users[w]!, seed, text, `writer ${w + 1} edit ${k}`));
          latencies.push(ms);
          applied[w]! += 1;
          lastText[w] = text;
        } catch (error) {
          errors.push(describe(error));
        }
      }
    }),
  );
  const wallMs = since(start);

  // Lost updates: every applied write must show in the row (version, words) and in the ledger.
  const after = await client.query<{ id: string; text: string; version: number; revisions: number }>(
    `SELECT q.id, q.text, q.version,
            (SELECT count(*)::int FROM revisions r WHERE r.chain = $2 AND r.entity_id = q.id AND r.seq > $3) AS revisions
       FROM quotes q WHERE q.id = ANY($1::uuid[])`,
    [seeds.map((seed) => seed.id), desk.bigStoryId, startSeq],
  );
  const byId = new Map(after.rows.map((row) => [row.id, row]));
  let lost = 0;
  seeds.forEach((seed, w) => {
    const row = byId.get(seed.id);
    const done = applied[w]!;
    if (!row) return void (lost += done);
    const missingVersions = done - (row.version - startVersions[w]!);
    const missingRevisions = done - row.revisions;
    const wrongWords = done > 0 && row.text !== lastText[w] ? 1 : 0;
    lost += Math.max(0, missingVersions, missingRevisions, wrongWords);
  });
  const run = { latencies, errors, notAttempted, lost, wallMs, total: writers * updatesEach };
  say(
    `writers: ${writers} × ${updatesEach}: ${latencies.length}/${run.total} applied in ${Math.round(wallMs)} ms ` +
      `(${throughput(run).toFixed(0)} updates/s), ${errors.length} errors, ${notAttempted} not attempted (time limit), ${lost} lost`,
  );
  return run;
}

const throughput = (run: Run) => (run.latencies.length * 1000) / run.wallMs;

function detail(run: Run, pool: number): Metric["detail"] {
  return {
    updates: run.total,
    applied: run.latencies.length,
    errors: run.errors.length,
    notAttempted: run.notAttempted,
    lost: run.lost,
    wallMs: Math.round(run.wallMs),
    updatesPerSecond: Math.round(throughput(run) * 10) / 10,
    prismaPool: pool,
    baseline: "single-writer updateQuote p95",
  };
}

export async function measureWriters(client: pg.Client, desk: Desk, scale: Scale, singleWriter: Summary): Promise<WriterResult> {
  const { verifyChain } = await import("@/lib/server/ledger");
  const { writers, updatesEach } = scale.writers;
  const pool = Number(process.env.DATABASE_POOL_SIZE ?? 10); // lib/db.ts's default
  const metrics: Metric[] = [];
  // Past the quotes the edit series used (3 × entries).
  let offset = 3 * scale.edits.entries;

  if (writers >= pool) {
    const fewer = pool - 1;
    say(`writers: first ${fewer} at once (below the Prisma pool of ${pool}; informational)…`);
    const run = await runWriters(client, desk, scale, fewer, offset);
    offset += fewer;
    metrics.push(metric(`${fewer} writers × ${updatesEach} (below pool ${pool}; info)`, summarize(run.latencies), singleWriter, "info", null, detail(run, pool)));
  }

  say(`writers: ${writers} at once, ${updatesEach} updates each (Prisma pool ${pool})…`);
  const run = await runWriters(client, desk, scale, writers, offset);
  const met = run.errors.length === 0 && run.notAttempted === 0 && run.lost === 0;
  metrics.push(metric(`${writers} writers × ${updatesEach} updates (one story)`, summarize(run.latencies), singleWriter, "0 errors, 0 lost", met, detail(run, pool)));

  const verification = await timed(() => verifyChain(desk.bigStoryId));
  const chain = verification.value;
  say(`verifyChain: ${chain.ok ? "ok" : `BROKEN at seq ${chain.broken?.seq}`}, ${chain.revisions.toLocaleString("en")} revisions in ${Math.round(verification.ms)} ms`);
  const once: Summary = { n: 1, p50: verification.ms, p95: verification.ms, max: verification.ms };
  metrics.push(
    metric(`verifyChain, ${chain.revisions.toLocaleString("en")} revisions`, once, null, "chain ok", chain.ok, {
      revisions: chain.revisions,
      ok: chain.ok,
      revisionsPerSecond: Math.round((chain.revisions * 1000) / verification.ms),
    }),
  );
  return { metrics, errors: run.errors, notAttempted: run.notAttempted };
}
