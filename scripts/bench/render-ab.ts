// A paired comparison of two server builds (or node options) on the same desk, for work on the
// render (issue 16): the render part's budgets compare a page with /api/ping in the same run, and
// run-to-run scatter on this 2-core machine (±15 % in p50) hides a change of a few per cent.
// Here both servers run at once on the same database, and each request is made to both, in
// alternating order, interleaved over the pages: the two are measured under the same load.
//
//   BENCH_AB_ROOT=/path/to/other/worktree   B serves that checkout's build (built if needed)
//   BENCH_AB_ARGS="--max-semi-space-size=64" B's node options (A: this checkout, none)
//   BENCH_AB_ROUNDS=200                     rounds after 15 warm-up rounds
//
// Only with the render part (e.g. --skip-history --skip-dossier … --skip-lighthouse): it prints
// the figures and returns no budgeted row.
import { randomBytes } from "node:crypto";
import type { Desk } from "./generate";
import { BIG_TITLE } from "./config";
import { get, sessionCookie, startApp, type Target } from "./render";
import { say, summarize, type Metric } from "./stats";

export const abRequested = () => Boolean(process.env.BENCH_AB_ROOT || process.env.BENCH_AB_ARGS);

/** Instead of the render part's measures (index.ts): this checkout's build (A) against another's, or other node options (B). */
export async function measureRenderAB(databaseUrl: string, desk: Desk, register: (stop: () => Promise<void>) => void): Promise<Metric[]> {
  const args = (process.env.BENCH_AB_ARGS ?? "").split(" ").filter(Boolean);
  const root = process.env.BENCH_AB_ROOT ?? process.cwd();
  const secret = randomBytes(32).toString("base64url");
  const a = await startApp(databaseUrl, secret);
  register(a.stop);
  const b = await startApp(databaseUrl, secret, args, root);
  register(b.stop);
  try {
    const cookie = await sessionCookie(databaseUrl, desk, secret);
    const story = `/stories/${desk.bigStoryId}`;
    const targets: Target[] = [
      { label: "ping", path: "/api/ping", mustContain: null },
      { label: "overview", path: story, mustContain: BIG_TITLE },
      { label: "quotes", path: `${story}?tab=quotes`, mustContain: BIG_TITLE },
      { label: "sources", path: `${story}?tab=sources`, mustContain: BIG_TITLE },
    ];
    const servers = [
      ["A", a.url],
      ["B", b.url],
    ] as const;
    const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 200);
    const warmup = 15;
    say(`render A/B: A = this checkout, B = ${root}${args.length ? ` with ${args.join(" ")}` : ""}; ${rounds} rounds after ${warmup} warm-up rounds`);
    const samples = new Map<string, number[]>();
    for (let i = 0; i < warmup + rounds; i++) {
      for (let k = 0; k < targets.length; k++) {
        const target = targets[(i + k) % targets.length]!;
        for (const [name, url] of i % 2 ? [...servers].reverse() : servers) {
          const { ms } = await get(url, target, cookie);
          const key = `${target.label} ${name}`;
          if (i >= warmup) samples.set(key, [...(samples.get(key) ?? []), ms]);
        }
      }
    }
    for (const target of targets) {
      const [x, y] = (["A", "B"] as const).map((name) => summarize(samples.get(`${target.label} ${name}`)!));
      say(`render A/B ${target.label.padEnd(9)} A p50 ${x!.p50.toFixed(1)} p95 ${x!.p95.toFixed(1)} | B p50 ${y!.p50.toFixed(1)} p95 ${y!.p95.toFixed(1)} | B/A p50 ${(y!.p50 / x!.p50).toFixed(3)}, p95 ${(y!.p95 / x!.p95).toFixed(3)}`);
    }
    return [];
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}
