// Where an edit's time goes: every statement of `updateQuote`, timed at the client (the round
// trip: the network, PostgreSQL, the driver), with when it started. Issue 16's measurement,
// kept for the next one:
//   npx tsx --conditions=react-server scripts/bench/trace-edit.ts [--edits=40]
// Generates a small desk on its own PostgreSQL (as the bench does), warms up, then prints, for
// each statement of an edit, its median start (ms from the call) and median duration.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { generateSignerKey } from "@/lib/server/ledger/note";
import { connect, startBenchCluster } from "./cluster";
import { parseOptions } from "./config";
import { editQuote, loadQuotes } from "./edits";
import { createUsers, generateDesk } from "./generate";
import { percentile, say } from "./stats";

process.env.STORYDESK_ENCRYPTION_KEYS = `k1:${randomBytes(32).toString("base64")}`;
process.env.STORYDESK_SIGNING_KEY = generateSignerKey("storydesk.bench/desk").signerKey;
process.env.LOG_LEVEL ??= "warn";

type Statement = { text: string; start: number; ms: number };
type Query = (this: pg.Client, ...args: unknown[]) => unknown;

let trace: Statement[] | null = null;
let t0 = 0;
const query = pg.Client.prototype.query as unknown as Query;
// Every query of every pooled client passes here (Prisma's driver adapter uses pg): a promise,
// or a callback (pg.Pool's own queries).
(pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
  const into = trace;
  if (!into) return query.apply(this, args);
  const first = args[0];
  const text = typeof first === "string" ? first : String((first as { text?: unknown } | null)?.text ?? "");
  const start = performance.now();
  const record = () => into.push({ text: text.replace(/\s+/g, " ").trim(), start: start - t0, ms: performance.now() - start });
  const callback = args.findIndex((arg) => typeof arg === "function");
  if (callback >= 0) {
    const done = args[callback] as (...results: unknown[]) => unknown;
    args[callback] = (...results: unknown[]) => {
      record();
      return done(...results);
    };
    return query.apply(this, args);
  }
  const result = query.apply(this, args);
  if (result instanceof Promise) return result.then((value: unknown) => (record(), value));
  return result;
};

async function main(): Promise<void> {
  const edits = Number(process.argv.find((arg) => arg.startsWith("--edits="))?.slice("--edits=".length) ?? 40);
  const scale = parseOptions(["--scale=small"]).scale;
  const cluster = await startBenchCluster(() => {});
  process.env.DATABASE_URL = cluster.appUrl;
  const client = await connect(cluster.url);
  const { db } = await import("@/lib/db");
  try {
    const desk = await generateDesk(client, scale, await createUsers(client, scale));
    const { updateQuote } = await import("@/lib/server/quotes");
    const seeds = await loadQuotes(client, desk.bigStoryId, 0, 20);
    for (const seed of seeds.slice(0, 10)) await editQuote(updateQuote, desk.lead, seed, `${seed.text} [warm]`, "warm-up edit");
    const runs: Statement[][] = [];
    const totals: number[] = [];
    for (let i = 0; i < edits; i++) {
      const seed = seeds[10 + (i % 10)]!;
      trace = [];
      t0 = performance.now();
      await editQuote(updateQuote, desk.lead, seed, `${seed.text} [checked ${i}]`, "corrected against the recording");
      totals.push(performance.now() - t0);
      runs.push(trace);
      trace = null;
    }
    const shape = runs[0]!;
    say(`updateQuote: ${shape.length} round trips, median ${percentile(totals, 50).toFixed(2)} ms over ${edits} edits`);
    shape.forEach((statement, k) => {
      const at = percentile(runs.map((run) => run[k]?.start ?? 0), 50);
      const ms = percentile(runs.map((run) => run[k]?.ms ?? 0), 50);
      console.log(`  at ${at.toFixed(2).padStart(6)} ms  takes ${ms.toFixed(2).padStart(6)} ms  ${statement.text.slice(0, 120)}`);
    });
  } finally {
    await client.end();
    await db().$disconnect();
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
