// 3b. What the browser does with the story page (issue 16): Lighthouse's mobile profile (its
// simulated 4× slower CPU and slow 4G) on the same server as the render figures, beside the
// sign-in page in the same run — the JavaScript it downloads and the main thread it blocks
// (Total Blocking Time). Pages are measured in turns, so a busy machine slows every page alike.
//
// Lighthouse is not a dependency of the app: `npm exec` fetches the pinned version into npm's
// cache the first time the bench needs it (13.x wants Node 22). Chromium is the one the tests use.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromiumPath } from "@/lib/server/browser";
import { metric, say, type Metric, type Summary } from "./stats";

const run = promisify(execFile);

export const LIGHTHOUSE = "lighthouse@12.2.3";
/** The story page's JavaScript and TBT against the sign-in page's (PRODUCT.md, issue 16). */
export const LIGHTHOUSE_RATIO = 1.5;

export type LighthousePage = { label: string; url: string; cookie: string | null };

type Report = {
  categories: { performance?: { score: number | null } };
  audits: Record<string, { numericValue?: number; details?: { items?: Array<{ resourceType?: string; transferSize?: number }> } }>;
  runtimeError?: { message: string };
};

export type LighthouseRun = { tbtMs: number; scriptKiB: number; score: number };

async function lighthouse(page: LighthousePage, round: number, dir: string, executable: string, attempt = 0): Promise<LighthouseRun> {
  // BENCH_DUMP_HTML=<dir> (as for the pages' HTML): keep each run's report, trace and DevTools
  // log (Lighthouse's --save-assets), one set per round, to see what the browser did or why a
  // run failed (a failed round's files are not overwritten by a later one).
  const keep = process.env.BENCH_DUMP_HTML;
  const output = keep ? path.join(keep, `lighthouse-${page.label.replace(/[^a-z0-9]+/gi, "-")}-round${round + 1}${attempt ? `-again${attempt}` : ""}.report.json`) : path.join(dir, "report.json");
  const headers = path.join(dir, "headers.json");
  fs.writeFileSync(headers, JSON.stringify(page.cookie ? { Cookie: page.cookie } : {}));
  await run(
    "npm",
    [
      "exec",
      "--yes",
      `--package=${LIGHTHOUSE}`,
      "--",
      "lighthouse",
      page.url,
      "--quiet",
      "--output=json",
      `--output-path=${output}`,
      "--only-categories=performance",
      `--extra-headers=${headers}`,
      ...(keep ? ["--save-assets"] : []),
      // The live desk's stream (GET /api/live, a fetch read as Server-Sent Events) never ends and
      // its presence heartbeats are keepalive fetches Lighthouse never sees finish: Lighthouse
      // exempts only EventSource and WebSocket from "the network is quiet", so every story page
      // waited out its 45 s load limit ("The page loaded too slowly…", results "may be
      // incomplete"). Blocked here, the page loads as with the stream unavailable (it retries
      // with a growing pause); what is measured is the page's load, not the stream.
      "--blocked-url-patterns=*/api/live*",
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync',
    ],
    { env: { ...process.env, CHROME_PATH: executable }, maxBuffer: 16 * 1024 * 1024, timeout: 180_000 },
  );
  const report = JSON.parse(fs.readFileSync(output, "utf8")) as Report;
  if (report.runtimeError) throw new Error(`Lighthouse could not measure ${page.url}: ${report.runtimeError.message}`);
  const scripts = report.audits["resource-summary"]?.details?.items?.find((item) => item.resourceType === "script");
  return {
    tbtMs: report.audits["total-blocking-time"]?.numericValue ?? Number.NaN,
    scriptKiB: (scripts?.transferSize ?? Number.NaN) / 1024,
    score: report.categories.performance?.score ?? Number.NaN,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const asSummary = (values: number[]): Summary => ({ n: values.length, p50: median(values), p95: median(values), max: Math.max(...values) });

/** A page's runs, and the first error if one of them failed (its figures are then not reported). */
type PageRuns = { runs: LighthouseRun[]; error: string | null; reruns: number };

/** Lighthouse's errors for a trace Chromium did not record whole (see measureLighthouse). */
const TRACE_NOT_RECORDED = /\b(NO_NAVSTART|NO_TRACING_STARTED)\b/;

const failure = (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  // The CLI's own message (e.g. "Runtime error encountered: … (NO_NAVSTART)"), not npm's preamble.
  const runtime = message.split("\n").find((line) => /error/i.test(line) && !line.startsWith("Command failed"));
  return (runtime ?? message.split("\n")[0] ?? message).trim().slice(0, 300);
};

/** A page Lighthouse could not measure: a failed row, so the rest of the part keeps its figures. */
const failedRow = (label: string, error: string): Metric => metric(`Lighthouse, ${label}`, null, null, `≤ ${LIGHTHOUSE_RATIO}× baseline`, false, { error });

/** One round of a page into `result`: its run, or its error (a trace not recorded whole: run once more). */
async function measureRound(page: LighthousePage, round: number, dir: string, executable: string, result: PageRuns): Promise<void> {
  const attempt = async (again: number): Promise<string | null> => {
    try {
      result.runs.push(await lighthouse(page, round, dir, executable, again));
      return null;
    } catch (error) {
      return failure(error);
    }
  };
  let error = await attempt(0);
  if (error && TRACE_NOT_RECORDED.test(error)) {
    result.reruns++;
    say(`lighthouse: ${page.label}, round ${round + 1}: the trace was not recorded whole (${error}); running the round once more`);
    error = await attempt(1);
  }
  if (error) {
    result.error = error;
    say(`lighthouse: ${page.label} FAILED: ${error}`);
  }
}

/**
 * `rounds` Lighthouse runs of every page, in turns; the first page is the baseline. Each figure
 * is the median of its runs ("p50" and "p95" both show it), its ratio against the baseline's.
 * A page whose run fails is reported as a failed row with Lighthouse's error and is not run
 * again; the other pages keep their figures. One exception: a run whose trace Chromium did not
 * record whole (NO_NAVSTART, NO_TRACING_STARTED: "Something went wrong with recording the trace
 * over your page load. Please run Lighthouse again.") measured nothing of the page, so that round
 * is run once more, and the row says how often (`rerunsAfterTraceError`). In the traces kept of
 * such a run (2026-12-01, Chromium 150) the page's renderer was a new process whose first events,
 * the navigation's start among them, are missing: the browser's tracing, not the page.
 */
export async function measureLighthouse(pages: LighthousePage[], rounds: number): Promise<Metric[]> {
  const executable = await chromiumPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-lighthouse-"));
  try {
    say(`lighthouse: ${LIGHTHOUSE} (mobile profile) with ${executable}, ${rounds} rounds of ${pages.map((page) => page.label).join(", ")}…`);
    const results = new Map<LighthousePage, PageRuns>(pages.map((page) => [page, { runs: [], error: null, reruns: 0 }]));
    for (let round = 0; round < rounds; round++) {
      for (const page of pages) {
        const result = results.get(page)!;
        if (!result.error) await measureRound(page, round, dir, executable, result);
      }
    }
    const [baseline, ...others] = pages;
    const base = results.get(baseline!)!;
    const of = (page: LighthousePage, pick: (run: LighthouseRun) => number) => asSummary(results.get(page)!.runs.map(pick));
    const score = (page: LighthousePage) => Math.round(median(results.get(page)!.runs.map((r) => r.score)) * 100) / 100;
    const reran = (page: LighthousePage): Record<string, number> => {
      const reruns = results.get(page)!.reruns;
      return reruns ? { rerunsAfterTraceError: reruns } : {};
    };
    const metrics: Metric[] = [];
    const baseTbt = base.error ? null : of(baseline!, (r) => r.tbtMs);
    const baseJs = base.error ? null : of(baseline!, (r) => r.scriptKiB);
    for (const page of others) {
      const own = results.get(page)!;
      if (own.error) {
        metrics.push(failedRow(page.label, own.error));
        continue;
      }
      const tbt = of(page, (r) => r.tbtMs);
      const js = of(page, (r) => r.scriptKiB);
      const budget = `≤ ${LIGHTHOUSE_RATIO}× ${baseline!.label}`;
      // Without the baseline's figures the ratio cannot be judged: the row says so and fails.
      const tbtMet = baseTbt ? (baseTbt.p95 > 0 ? tbt.p95 <= LIGHTHOUSE_RATIO * baseTbt.p95 : tbt.p95 === 0) : false;
      const jsMet = baseJs ? js.p95 <= LIGHTHOUSE_RATIO * baseJs.p95 : false;
      const noBaseline: Record<string, string> = base.error ? { baseline: "failed" } : {};
      metrics.push(
        metric(`Lighthouse TBT, ${page.label}`, tbt, baseTbt, budget, tbtMet, { runs: tbt.n, score: score(page), ...reran(page), ...noBaseline }),
        { ...metric(`Lighthouse JS transferred, ${page.label}`, js, baseJs, budget, jsMet, { runs: js.n, ...reran(page), ...noBaseline }), unit: "KiB" },
      );
    }
    if (base.error) metrics.push(failedRow(`${baseline!.label} (baseline)`, base.error));
    else {
      metrics.push(
        metric(`Lighthouse TBT, ${baseline!.label} (baseline)`, baseTbt, null, "info", null, { runs: baseTbt!.n, score: score(baseline!), ...reran(baseline!) }),
        { ...metric(`Lighthouse JS transferred, ${baseline!.label} (baseline)`, baseJs, null, "info", null, { runs: baseJs!.n, ...reran(baseline!) }), unit: "KiB" },
      );
    }
    return metrics;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
