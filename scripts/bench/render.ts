// 3a. The story workspace's server render: the production build served by `next start`,
// signed in as the big story's lead with a next-auth JWT minted here, beside GET /api/ping
// (a bare route handler) on the same server. Requests are sequential and interleaved.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { buildIfNeeded, nextBin, nextServerEnv } from "../lib/build";
import { freePort } from "../lib/embedded-postgres";
import { BIG_TITLE, BUDGETS, type Scale } from "./config";
import { addViewerDocument, VIEWER_TITLE } from "./evidence-viewer";
import type { Desk } from "./generate";
import { signIn } from "./live-clients";
import { measureLighthouse } from "./lighthouse";
import { metric, say, summarize, timed, type Metric } from "./stats";

export class RenderCheckError extends Error {}

/** pid: the `next start` process (its process title becomes next-server; the live part reads its /proc). */
export type AppServer = { url: string; stop: () => Promise<void>; pid: number };

/**
 * nodeArgs: options for node itself (the live part's CPU profile: --cpu-prof is refused in NODE_OPTIONS).
 * root: the checkout whose build is served (another worktree's, for a paired comparison: render-ab.ts).
 */
export async function startApp(databaseUrl: string, secret: string, nodeArgs: string[] = [], root = process.cwd()): Promise<AppServer> {
  await buildIfNeeded(say, root);
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const stderr: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, nextBin(root), "start", "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    env: nextServerEnv({
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: secret,
      NEXTAUTH_URL: url,
      STORYDESK_DEMO: "0",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    }, root),
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  // If the process exits before stop() ran (e.g. Ctrl-C), Next must not outlive it.
  const killOnExit = () => void (running() && child.kill("SIGTERM"));
  process.on("exit", killOnExit);
  const stop = async () => {
    process.off("exit", killOnExit);
    if (!running()) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 8000))]);
    if (running()) child.kill("SIGKILL");
  };
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) break;
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return { url, stop, pid: child.pid! };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new RenderCheckError(`next start did not become healthy at ${url}: ${stderr.join("").trim().split("\n").slice(-5).join(" | ")}`);
}

/**
 * The lead's session cookie, as after a sign-in: a session row (since issue 18 a token without
 * one is refused) and the JWT next-auth would set (plain http: no __Secure- prefix).
 */
export async function sessionCookie(databaseUrl: string, desk: Desk, secret: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await signIn(client, desk.lead, secret);
  } finally {
    await client.end();
  }
}

/** panel: a page of 50 entries, held to the panel budgets (issue 16) and measured per entry. */
export type Target = { label: string; path: string; mustContain: string | null; panel?: boolean; budgetMs?: number; info?: boolean };

/** Entries on a rendered panel: each is a list item with the id `entry-<uuid>`. */
const entriesIn = (html: string) => html.match(/ id="entry-[0-9a-f-]{36}"/g)?.length ?? 0;

/** Response time (ms), and the page's size: a page that grows with the story shows here. */
export async function get(base: string, target: Target, cookie: string): Promise<{ ms: number; bytes: number; entries: number }> {
  const { ms, value } = await timed(async () => {
    const response = await fetch(`${base}${target.path}`, { headers: { cookie }, redirect: "manual" });
    return { status: response.status, body: await response.text() };
  });
  if (value.status !== 200) {
    throw new RenderCheckError(`GET ${target.path} answered ${value.status}${value.status >= 300 && value.status < 400 ? " (a redirect: the session was not accepted?)" : ""}: ${value.body.slice(0, 200)}`);
  }
  if (target.mustContain && !value.body.includes(target.mustContain)) {
    throw new RenderCheckError(`GET ${target.path} answered 200 without the story title "${target.mustContain}" (${value.body.length} bytes)`);
  }
  // BENCH_DUMP_HTML=<dir>: keep each page's last HTML, to see what an entry costs.
  if (process.env.BENCH_DUMP_HTML) fs.writeFileSync(path.join(process.env.BENCH_DUMP_HTML, `${target.label.replace(/[^a-z0-9]+/gi, "-")}.html`), value.body);
  return { ms, bytes: Buffer.byteLength(value.body), entries: entriesIn(value.body) };
}

export async function measureRender(
  databaseUrl: string,
  desk: Desk,
  scale: Scale,
  register: (stop: () => Promise<void>) => void,
  options: { lighthouse: boolean } = { lighthouse: true },
): Promise<Metric[]> {
  const secret = randomBytes(32).toString("base64url");
  // BENCH_RENDER_PROFILE=<dir>: a V8 CPU profile of the server over the whole part (written as it stops).
  const profile = process.env.BENCH_RENDER_PROFILE;
  const app = await startApp(databaseUrl, secret, profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []);
  register(app.stop);
  try {
    const cookie = await sessionCookie(databaseUrl, desk, secret);
    const story = `/stories/${desk.bigStoryId}`;
    const viewer = await addViewerDocument(databaseUrl, desk);
    const ping: Target = { label: "GET /api/ping (baseline)", path: "/api/ping", mustContain: null };
    const pages: Target[] = [
      { label: "render /stories/:id", path: story, mustContain: BIG_TITLE },
      { label: "render /stories/:id?tab=quotes", path: `${story}?tab=quotes`, mustContain: BIG_TITLE, panel: true },
      { label: "render /stories/:id?tab=sources", path: `${story}?tab=sources`, mustContain: BIG_TITLE, panel: true },
      { label: `render the document viewer, ${viewer.words.toLocaleString("en")} words`, path: `${story}/documents/${viewer.id}`, mustContain: VIEWER_TITLE, budgetMs: BUDGETS.viewerP95Ms },
      // Not part of a story page's render: the page asks for it once the browser is idle (story-side-island.tsx).
      { label: "GET /api/stories/:id/side (Team, Recent changes; after the page)", path: `/api/stories/${desk.bigStoryId}/side`, mustContain: '"ok":true', info: true },
    ];
    const targets = [ping, ...pages];
    const { warmup, requests } = scale.render;
    say(`render: ${app.url}, ${warmup} warm-up rounds, then ${requests} requests per URL, sequential and interleaved…`);
    for (let i = 0; i < warmup; i++) for (const target of targets) await get(app.url, target, cookie);
    const samples = new Map(targets.map((target) => [target, [] as number[]]));
    const sizes = new Map<Target, { bytes: number; entries: number }>();
    for (let i = 0; i < requests; i++) {
      for (let k = 0; k < targets.length; k++) {
        const target = targets[(i + k) % targets.length]!;
        const response = await get(app.url, target, cookie);
        samples.get(target)!.push(response.ms);
        sizes.set(target, { bytes: response.bytes, entries: response.entries });
      }
    }
    say(`render: page sizes ${pages.map((target) => `${target.path.replace(desk.bigStoryId, ":id")} ${Math.round((sizes.get(target)?.bytes ?? 0) / 1024)} KiB`).join(", ")}`);
    // BENCH_DUMP_SAMPLES=<file>: every request's time, in the order made (to see what the tail is made of).
    if (process.env.BENCH_DUMP_SAMPLES) {
      fs.writeFileSync(process.env.BENCH_DUMP_SAMPLES, JSON.stringify(Object.fromEntries(targets.map((target) => [target.label, samples.get(target)]))));
    }
    const baseline = summarize(samples.get(ping)!);
    const metrics = pages.map((target) => {
      const own = summarize(samples.get(target)!);
      const size = sizes.get(target) ?? { bytes: 0, entries: 0 };
      const detail = { n: own.n, max: Math.round(own.max), bytes: size.bytes, entries: size.entries };
      if (target.info) return metric(target.label, own, baseline, "info", null, detail);
      const budget = target.budgetMs ?? BUDGETS.renderP95Ms;
      if (!target.panel) return metric(target.label, own, baseline, `≤ ${budget} ms`, own.p95 <= budget, detail);
      const met = own.p95 <= BUDGETS.panelP95Ms && own.p95 <= BUDGETS.panelPingRatio * baseline.p95;
      return metric(target.label, own, baseline, `≤ ${BUDGETS.panelP95Ms} ms, ≤ ${BUDGETS.panelPingRatio}× ping`, met, detail);
    });
    // The whole page's HTML over the entries it shows (the issue's measure: the shell counts too).
    for (const target of pages.filter((page) => page.panel)) {
      const { bytes, entries } = sizes.get(target) ?? { bytes: 0, entries: 0 };
      if (entries === 0) throw new RenderCheckError(`GET ${target.path} shows no entries (no id="entry-…")`);
      const perEntry = bytes / 1024 / entries;
      const figure = { n: 1, p50: perEntry, p95: perEntry, max: perEntry };
      metrics.push({
        ...metric(`HTML per entry, ${target.label.replace("render ", "")}`, figure, null, `≤ ${BUDGETS.htmlPerEntryKiB} KiB`, perEntry <= BUDGETS.htmlPerEntryKiB, { bytes, entries }),
        unit: "KiB",
      });
    }
    metrics.push(metric(ping.label, baseline, null, "info", null, { n: baseline.n }));
    if (options.lighthouse) {
      const lighthouseCookie = `${cookie}; storydesk-tz=UTC`;
      // The timings above are kept whatever happens to Lighthouse: a page it cannot measure is
      // a failed row (measureLighthouse), and so is Lighthouse not starting at all.
      const lighthouseRows = await measureLighthouse(
        [
          { label: "sign-in page", url: `${app.url}/sign-in`, cookie: null },
          { label: "story page", url: `${app.url}${story}`, cookie: lighthouseCookie },
          { label: "story page ?tab=quotes", url: `${app.url}${story}?tab=quotes`, cookie: lighthouseCookie },
        ],
        scale.render.lighthouseRounds,
      ).catch((error: unknown) => [metric("Lighthouse", null, null, "runs", false, { error: error instanceof Error ? error.message : String(error) })]);
      metrics.push(...lighthouseRows);
    }
    return metrics;
  } finally {
    await app.stop();
  }
}
