// Where an edit's time goes inside PostgreSQL (issue 16, part 1): runs `updateQuote` and the
// bench's bare transaction on a small desk with pg_stat_statements (nested statements and
// their planning included) and per-function timing on, then prints, per edit, each PL/pgSQL
// function's total and self time and the statements that took the most execution + planning;
// at the client, the statement's round trip apart from Node's own work (--cpu: by function).
//   npx tsx --conditions=react-server scripts/bench/profile-edit.ts [--edits=200] [--cpu]
import { randomBytes } from "node:crypto";
import inspector from "node:inspector/promises";
import pg from "pg";
import { generateSignerKey } from "@/lib/server/ledger/note";
import { connect, startBenchCluster } from "./cluster";
import { parseOptions } from "./config";
import { bareEdit, editQuote, loadQuotes, prepareBaseline } from "./edits";
import { createUsers, generateDesk } from "./generate";
import { percentile, say } from "./stats";

process.env.STORYDESK_ENCRYPTION_KEYS = `k1:${randomBytes(32).toString("base64")}`;
process.env.STORYDESK_SIGNING_KEY = generateSignerKey("storydesk.bench/desk").signerKey;
process.env.LOG_LEVEL ??= "warn";

// The round trip of each statement the app's pool sends (Prisma's adapter uses pg), to split an
// edit's time at the client into the statement's round trip and Node's own work around it.
type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const roundTrips: number[] = [];
let tracing = false;
const query = pg.Client.prototype.query as unknown as Query;
(pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
  if (!tracing) return query.apply(this, args);
  const start = performance.now();
  const record = () => roundTrips.push(performance.now() - start);
  const callback = args.findIndex((arg) => typeof arg === "function");
  if (callback >= 0) {
    const done = args[callback] as (...results: unknown[]) => unknown;
    args[callback] = (...results: unknown[]) => (record(), done(...results));
    return query.apply(this, args);
  }
  const result = query.apply(this, args);
  return result instanceof Promise ? result.then((value: unknown) => (record(), value)) : result;
};

const FLAGS = ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=all", "pg_stat_statements.track_planning=on", "track_functions=all"];

async function main(): Promise<void> {
  const edits = Number(process.argv.find((arg) => arg.startsWith("--edits="))?.slice("--edits=".length) ?? 200);
  const scale = parseOptions(["--scale=small"]).scale;
  const cluster = await startBenchCluster(() => {}, FLAGS.flatMap((flag) => ["-c", flag]));
  process.env.DATABASE_URL = cluster.appUrl;
  const client = await connect(cluster.url);
  const { db } = await import("@/lib/db");
  try {
    await client.query("CREATE EXTENSION pg_stat_statements");
    const desk = await generateDesk(client, scale, await createUsers(client, scale));
    await prepareBaseline(client, desk.bigStoryId);
    const { updateQuote } = await import("@/lib/server/quotes");
    const seeds = await loadQuotes(client, desk.bigStoryId, 0, 40);
    const bareSeeds = seeds.slice(20).map((seed) => ({ ...seed }));
    for (const seed of seeds.slice(0, 20)) await editQuote(updateQuote, desk.lead, seed, `${seed.text} [warm]`, "warm-up edit");
    await client.query("SELECT pg_stat_statements_reset(), pg_stat_reset()");
    // --cpu: Node's own work by function (self time while the edits run, V8's sampling profiler).
    const cpu = process.argv.includes("--cpu") ? new inspector.Session() : null;
    if (cpu) {
      cpu.connect();
      await cpu.post("Profiler.enable");
      await cpu.post("Profiler.setSamplingInterval", { interval: 100 });
      await cpu.post("Profiler.start");
    }
    const domain: number[] = [];
    const bare: number[] = [];
    let prevHash = "0".repeat(64);
    for (let i = 0; i < edits; i++) {
      const seed = seeds[i % 20]!;
      let t0 = performance.now();
      tracing = true;
      await editQuote(updateQuote, desk.lead, seed, `${seed.text} [checked ${i}]`, "corrected against the recording");
      domain.push(performance.now() - t0);
      tracing = false;
      t0 = performance.now();
      prevHash = await bareEdit(client, desk, bareSeeds[i % 20]!, `${seed.text} [checked ${i}]`, "corrected against the recording", i + 1, prevHash);
      bare.push(performance.now() - t0);
    }
    if (cpu) printProfile((await cpu.post("Profiler.stop")).profile as Profile, edits);
    const p = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(2)} / p95 ${percentile(xs, 95).toFixed(2)} ms`;
    say(`${edits} edits: updateQuote ${p(domain)}; bare ${p(bare)}`);
    say(`updateQuote: ${roundTrips.length / edits} round trips per edit, their time ${p(roundTrips)}; Node's own work ${p(domain.map((ms, i) => ms - roundTrips[i]!))}`);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the statistics collector's flush
    const functions = await client.query<{ funcname: string; calls: string; total: number; self: number }>(
      `SELECT funcname, calls, total_time AS total, self_time AS self FROM pg_stat_user_functions ORDER BY total_time DESC`,
    );
    console.log("function                     calls   total/edit  self/edit (ms)");
    for (const f of functions.rows) {
      console.log(`  ${f.funcname.padEnd(26)} ${String(f.calls).padStart(6)} ${(f.total / edits).toFixed(3).padStart(10)} ${(f.self / edits).toFixed(3).padStart(10)}`);
    }
    const statements = await client.query<{ query: string; calls: string; exec: number; plan: number; plans: string; toplevel: boolean }>(
      `SELECT query, calls, total_exec_time AS exec, total_plan_time AS plan, plans, toplevel FROM pg_stat_statements
        WHERE query !~* 'pg_stat' ORDER BY total_exec_time + total_plan_time DESC LIMIT 30`,
    );
    console.log("statement (per edit: exec + plan ms, calls, plans)");
    for (const s of statements.rows) {
      console.log(
        `  ${(s.exec / edits).toFixed(3).padStart(7)} + ${(s.plan / edits).toFixed(3).padStart(6)}  ${String(s.calls).padStart(5)} ${String(s.plans).padStart(5)} ${s.toplevel ? "top " : "    "} ${s.query.replace(/\s+/g, " ").slice(0, 150)}`,
      );
    }
    const hot = await client.query(`SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname IN ('quotes', 'quotes_baseline', 'revision_chains')`);
    console.log(hot.rows);
  } finally {
    await client.end();
    await db().$disconnect();
    await cluster.stop();
  }
}

type Profile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };

function printProfile(profile: Profile, edits: number): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const where = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*node_modules\//, "").replace(process.cwd() + "/", "")}:${frame.lineNumber}`;
    self.set(where, (self.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  console.log("Node, self time per edit (ms; both series), top 30");
  [...self].sort((a, b) => b[1] - a[1]).slice(0, 30).forEach(([where, ms]) => console.log(`  ${(ms / edits).toFixed(3).padStart(7)}  ${where.slice(0, 140)}`));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
