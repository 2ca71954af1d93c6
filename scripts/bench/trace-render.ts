// The SQL of a story-page render: a small desk, the production build under `next start`,
// PostgreSQL counting statements (pg_stat_statements). Prints, for each page, how many
// statements one warm render runs, and each statement's calls and time per render.
//   npx tsx --conditions=react-server scripts/bench/trace-render.ts [path suffix…]
// (default: the overview, ?tab=quotes, ?tab=sources). Not part of `npm run bench`.
// TRACE_PROFILE=<dir>: a V8 CPU profile of the server, over TRACE_RENDERS (default 10) renders of each page.
// TRACE_RSC=1: ask for the RSC payload only (the `RSC: 1` header a client navigation sends): the
// Flight pass without the HTML pass, so that the two can be told apart.
// TRACE_DUMP=<dir>: keep the last render of each page there (to see what its bytes are).
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSignerKey } from "@/lib/server/ledger/note";
import { connect, startBenchCluster } from "./cluster";
import { parseOptions } from "./config";
import { createUsers, generateDesk } from "./generate";
import { signIn, usage } from "./live-clients";
import { startApp } from "./render";
import { DEFAULT_RUNTIME_ROLE } from "../lib/roles";
import { say } from "./stats";

process.env.STORYDESK_ENCRYPTION_KEYS = `k1:${randomBytes(32).toString("base64")}`;
process.env.STORYDESK_SIGNING_KEY = generateSignerKey("storydesk.bench/desk").signerKey;
process.env.LOG_LEVEL ??= "warn";
// TRACE_SCALE=full: the bench's full-scale desk (its statements as slow as the bench sees them).
const SCALE = parseOptions([`--scale=${process.env.TRACE_SCALE ?? "small"}`]).scale;

const FLAGS = ["shared_preload_libraries=pg_stat_statements", "pg_stat_statements.track=top"];
const RENDERS = Number(process.env.TRACE_RENDERS ?? 10);
const PROFILE = process.env.TRACE_PROFILE;
const RSC_ONLY = process.env.TRACE_RSC === "1";
const DUMP = process.env.TRACE_DUMP;

async function main() {
  if (DUMP) mkdirSync(DUMP, { recursive: true });
  const cluster = await startBenchCluster(say, FLAGS.flatMap((flag) => ["-c", flag]));
  const stops: Array<() => Promise<void>> = [cluster.stop];
  try {
    process.env.DATABASE_URL = cluster.appUrl;
    const owner = await connect(cluster.url);
    stops.unshift(() => owner.end());
    await owner.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    const users = await createUsers(owner, SCALE);
    const desk = await generateDesk(owner, SCALE, users);
    const secret = randomBytes(32).toString("base64url");
    const app = await startApp(cluster.appUrl, secret, PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] : []);
    stops.unshift(app.stop);
    const cookie = await signIn(owner, desk.lead, secret);
    const suffixes = process.argv.slice(2).length ? process.argv.slice(2) : ["", "?tab=quotes", "?tab=sources"];
    for (const suffix of suffixes) {
      const url = `${app.url}/stories/${desk.bigStoryId}${suffix}`;
      let bytes = 0;
      const render = async () => {
        const response = await fetch(url, { headers: { cookie, ...(RSC_ONLY ? { RSC: "1" } : {}) } });
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
        const body = await response.text();
        bytes = body.length;
        if (DUMP) writeFileSync(join(DUMP, `${suffix.replace(/[^a-z0-9]+/gi, "_") || "overview"}${RSC_ONLY ? ".rsc" : ".html"}`), body);
      };
      for (let i = 0; i < 3; i++) await render(); // warm
      await owner.query("SELECT pg_stat_statements_reset()");
      const started = performance.now();
      const cpuBefore = usage(app.pid).cpuMs;
      for (let i = 0; i < RENDERS; i++) await render();
      const ms = (performance.now() - started) / RENDERS;
      // The server's own CPU time (user + system, from /proc): steadier under load than the wall clock.
      const cpu = (usage(app.pid).cpuMs - cpuBefore) / RENDERS;
      const { rows } = await owner.query<{ query: string; calls: string; ms: number }>(
        `SELECT query, calls, total_exec_time AS ms FROM pg_stat_statements
          WHERE query !~* 'pg_stat_statements' AND userid = (SELECT oid FROM pg_roles WHERE rolname = $1)
          ORDER BY calls DESC, total_exec_time DESC`,
        [DEFAULT_RUNTIME_ROLE],
      );
      const calls = rows.reduce((sum, row) => sum + Number(row.calls), 0) / RENDERS;
      const inServer = rows.reduce((sum, row) => sum + row.ms, 0) / RENDERS;
      console.log(`\n== ${suffix || "(overview)"}${RSC_ONLY ? " (RSC payload only)" : ""}: ${bytes} chars, ${ms.toFixed(1)} ms a render at the client, ${cpu.toFixed(1)} ms of the server's CPU; ${calls} statements a render, ${inServer.toFixed(2)} ms executing in PostgreSQL`);
      for (const row of rows) {
        console.log(`${(Number(row.calls) / RENDERS).toFixed(1).padStart(5)} × ${(row.ms / Number(row.calls)).toFixed(3).padStart(7)} ms  ${row.query.replace(/\s+/g, " ").slice(0, 200)}`);
      }
    }
  } finally {
    for (const stop of stops) await stop().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
