// npm run bench — measures Storydesk against PRODUCT.md's performance budgets on a scaled
// desk, each figure beside a baseline measured in the same run. Not part of `npm test`.
// Runs with `tsx --conditions=react-server` so the domain modules (server-only) load here.
// See docs/benchmarks.md, and config.ts for the flags.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { generateSignerKey } from "@/lib/server/ledger/note";
import { connect, startBenchCluster } from "./cluster";
import { BUDGETS, parseOptions } from "./config";
import { DossierCheckError, measureDossier, type DossierMeasurement } from "./dossier";
import { evidencePart } from "./evidence";
import { generateDossierStories } from "./dossier-story";
import { measureEdits } from "./edits";
import { LedgerCheckError, measureLedger } from "./ledger";
import { LiveCheckError, measureLive } from "./live";
import { createUsers, generateDesk, type Desk } from "./generate";
import { HistoryCheckError, measureHistory } from "./history-reads";
import { generateHistoryStories, shortCount } from "./history-stories";
import { growthOverFull, unbudgeted } from "./growth";
import { measureRender } from "./render";
import { abRequested, measureRenderAB } from "./render-ab";
import { sourcesPart } from "./sources";
import { machineInfo, markdownTable, metric, printTable, readResults, say, since, writeResults, type Metric } from "./stats";
import { measureWriters } from "./writers";

const options = parseOptions(process.argv.slice(2));
const { scale } = options;
const FULL_RESULTS = path.resolve("bench/results.json");
// A large run keeps its own file: the full run's stays the one budgets and growth refer to.
const RESULTS = scale.name === "large" ? path.resolve("bench/results-large.json") : FULL_RESULTS;

// Before any lib module is loaded: a throwaway field-encryption key and signing key, quiet logs.
process.env.STORYDESK_ENCRYPTION_KEYS = `k1:${randomBytes(32).toString("base64")}`;
process.env.STORYDESK_SIGNING_KEY = generateSignerKey("storydesk.bench/desk").signerKey;
process.env.LOG_LEVEL ??= "warn";
process.env.NEXT_TELEMETRY_DISABLED = "1";

// Everything started here is stopped here, newest first: on success, on error, on Ctrl-C.
const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const stop of cleanups.reverse()) await stop().catch(() => {});
  })();
  return cleaning;
}
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.on(signal, () => {
    if (cleaning) return; // tsx relays the signal the process group already got
    say(`${signal}: stopping what the bench started…`);
    // Our children got the signal too; errors from connections they drop must not stop the cleanup.
    process.on("uncaughtException", () => {});
    process.on("unhandledRejection", () => {});
    void cleanup().then(() => process.exit(code));
  });
}

async function main(): Promise<number> {
  const started = performance.now();
  const { history, dossier, ledger, sources, live, evidence } = options;
  // The desk (render, edits, writers) runs unless an --only names another part.
  const withDesk = history !== "only" && dossier !== "only" && ledger !== "only" && sources !== "only" && live !== "only" && evidence !== "only";
  // The evidence engine (issue 17) first, on a quiet machine: pure computation, no database.
  const evidenceRun = evidence === "skip" ? null : await evidencePart(scale);
  if (evidenceRun && !withDesk && [history, dossier, ledger, sources, live].every((mode) => mode === "skip")) {
    printTable(evidenceRun.metrics);
    if (options.markdown) console.log(`${markdownTable(evidenceRun.metrics)}\n`);
    const previous = readResults(RESULTS);
    const kept = (previous.problems as string[] | undefined)?.filter((problem) => !problem.startsWith("evidence")) ?? [];
    const missedBefore = (previous.missed as string[] | undefined)?.filter((name) => !name.startsWith("evidence:")) ?? [];
    writeResults(RESULTS, { ...previous, evidence: evidenceRun.section, missed: [...missedBefore, ...evidenceRun.section.missed], problems: [...kept, ...evidenceRun.problems] });
    say(`results written to ${path.relative(process.cwd(), RESULTS)} (${Math.round(since(started) / 1000)} s in all)`);
    return evidenceRun.problems.some((problem) => / FAILED: /.test(problem)) ? 1 : 0;
  }
  const bigEntries = Object.values(scale.big).reduce((a, b) => a + b, 0);
  if (withDesk) say(`scale ${scale.name}: ${scale.stories} stories; the big one with ${bigEntries.toLocaleString("en")} entries and ${scale.bigRevisions.toLocaleString("en")} revisions`);
  if (history !== "skip") {
    const perStory = Object.values(scale.history.entries).reduce((a, b) => a + b, 0);
    say(`history reads: ${scale.history.revisions.length} stories of ${perStory} entries, ${scale.history.revisions.map(shortCount).join(" / ")} revisions`);
  }
  if (dossier !== "skip") {
    const entries = Object.values(scale.dossier.entries).reduce((a, b) => a + b, 0);
    say(
      `dossier export: a story of ${entries.toLocaleString("en")} entries${scale.name === "small" ? " (small scale: 1/10 of the 1,000 the budget is for, so not held to it)" : ""} ` +
        `and a tiny one (the baseline); ${scale.dossier.rounds} warm rounds`,
    );
  }
  const cluster = await startBenchCluster(say);
  cleanups.push(cluster.stop);
  // The app's code runs as the runtime role, as in production; generation as the owner.
  process.env.DATABASE_URL = cluster.appUrl;
  say(`PostgreSQL in ${cluster.dir}, database migrated`);
  const client = await connect(cluster.url);
  cleanups.push(() => client.end());
  const { db } = await import("@/lib/db");
  cleanups.push(() => db().$disconnect());
  const users = await createUsers(client, scale);
  say(`${1 + users.editors.length + users.writers.length} users`);

  let desk: Desk | null = null;
  let generationMs = 0;
  if (withDesk) {
    const generationStart = performance.now();
    desk = await generateDesk(client, scale, users);
    generationMs = since(generationStart);
    say(
      `desk generated in ${(generationMs / 1000).toFixed(1)} s: big story chain ${desk.revisions.bigChain.toLocaleString("en")} revisions, ` +
        `${desk.revisions.total.toLocaleString("en")} in all (${Math.round((desk.revisions.total * 1000) / generationMs).toLocaleString("en")} revisions/s overall)`,
    );
  }

  // The history reads first, on a quiet database (before the edits and writers add to it).
  const historyMetrics: Metric[] = [];
  const historyProblems: string[] = [];
  let historySection: Record<string, unknown> | null = null;
  if (history !== "skip") {
    const historyStart = performance.now();
    const historyDesk = await generateHistoryStories(client, scale, users.lead);
    const historyGenerationMs = since(historyStart);
    say(`history stories generated in ${(historyGenerationMs / 1000).toFixed(1)} s (${historyDesk.revisionsPerSecond.toLocaleString("en")} revisions/s)`);
    const measureStart = performance.now();
    try {
      // The big story's "as of half the history" needs every entry created by then (not so under a tight --revisions).
      const big = desk && desk.revisions.bigChain >= 2 * bigEntries ? { id: desk.bigStoryId, entries: bigEntries } : undefined;
      historyMetrics.push(...(await measureHistory(historyDesk, scale, big)));
    } catch (error) {
      if (!(error instanceof HistoryCheckError)) throw error;
      historyProblems.push(`history FAILED: ${error.message}`);
    }
    historySection = {
      timestamp: new Date().toISOString(),
      scale: scale.name,
      machine: machineInfo(),
      stories: historyDesk.stories.map(({ id: _id, ...story }) => story),
      generation: {
        seconds: Math.round(historyGenerationMs / 100) / 10,
        phasesMs: Object.fromEntries(Object.entries(historyDesk.timings).map(([key, value]) => [key, Math.round(value)])),
        revisionsPerSecond: historyDesk.revisionsPerSecond,
      },
      measureSeconds: Math.round(since(measureStart) / 100) / 10,
      metrics: historyMetrics,
      missed: historyMetrics.filter((m) => m.met === false).map((m) => m.metric),
      problems: historyProblems,
    };
  }

  // The dossier export (issue 6), also before the edits and writers; its own stories.
  const dossierMetrics: Metric[] = [];
  const dossierProblems: string[] = [];
  let dossierSection: Record<string, unknown> | null = null;
  if (dossier !== "skip") {
    const generationStart = performance.now();
    const dossierDesk = await generateDossierStories(client, scale, users);
    const dossierGenerationMs = since(generationStart);
    const measureStart = performance.now();
    let measured: DossierMeasurement | null = null;
    try {
      measured = await measureDossier(dossierDesk, scale);
      dossierMetrics.push(...measured.metrics);
    } catch (error) {
      if (!(error instanceof DossierCheckError)) throw error;
      dossierProblems.push(`dossier FAILED: ${error.message}`);
    }
    if (measured) {
      const { memory, pdf } = measured;
      const mb = (value: number | null) => (value === null ? "n/a" : `${value} MB`);
      say(
        `dossier memory, warm rounds: Node RSS peak ${mb(memory.warmPeak.nodeMb)} (${mb(memory.before.nodeMb)} before), browser process tree peak ${mb(memory.warmPeak.browserMb)} ` +
          `(${mb(memory.before.browserMb)} at rest); cold export: ${mb(memory.coldPeak.nodeMb)} / ${mb(memory.coldPeak.browserMb)}. ` +
          `PDF ${pdf.pages} pages, ${Math.round(pdf.bytes / 1024).toLocaleString("en")} KB (tiny story: ${pdf.tinyPages} pages, ${Math.round(pdf.tinyBytes / 1024)} KB)`,
      );
    }
    dossierSection = {
      timestamp: new Date().toISOString(),
      scale: scale.name,
      machine: machineInfo(),
      stories: Object.fromEntries((["big", "tiny"] as const).map((key) => [key, { ...dossierDesk[key], id: undefined }])),
      generation: {
        seconds: Math.round(dossierGenerationMs / 100) / 10,
        phasesMs: Object.fromEntries(Object.entries(dossierDesk.timings).map(([key, value]) => [key, Math.round(value)])),
      },
      measureSeconds: Math.round(since(measureStart) / 100) / 10,
      metrics: dossierMetrics,
      ...(measured ? { memoryMb: measured.memory, pdf: measured.pdf, content: measured.content, engine: measured.engine } : {}),
      missed: dossierMetrics.filter((m) => m.met === false).map((m) => m.metric),
      problems: dossierProblems,
    };
  }

  const metrics: Metric[] = [];
  const problems: string[] = [];
  if (desk) {
    const edits = await measureEdits(client, desk, scale);
    const writers = await measureWriters(client, desk, scale, edits.domain);
    if (writers.errors.length) {
      const kinds = [...new Set(writers.errors)].map((kind) => `${writers.errors.filter((e) => e === kind).length} × ${kind}`);
      problems.push(`writer errors: ${kinds.join("; ")}`);
    }
    if (writers.notAttempted) problems.push(`writers: time limit of ${scale.writers.timeLimitMs / 1000} s reached, ${writers.notAttempted} updates not attempted`);

    if (options.skipRender) {
      say("render: skipped (--skip-render)");
    } else {
      try {
        // BENCH_AB_ROOT / BENCH_AB_ARGS: this build against another (or other node options), paired (render-ab.ts).
        const register = (stop: () => Promise<void>) => cleanups.push(stop);
        const rendered = abRequested() ? await measureRenderAB(cluster.appUrl, desk, register) : await measureRender(cluster.appUrl, desk, scale, register, { lighthouse: !options.skipLighthouse });
        metrics.push(...rendered);
        // A page Lighthouse could not measure is a failed row; the other figures stay.
        for (const row of rendered) if (typeof row.detail?.error === "string") problems.push(`render: ${row.metric} FAILED: ${row.detail.error}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        problems.push(`render FAILED: ${message}`);
        metrics.push(metric("render /stories/:id", null, null, `≤ ${BUDGETS.renderP95Ms} ms`, false, { error: message }));
      }
    }
    metrics.push(...edits.metrics, ...writers.metrics);
    unbudgeted(scale, metrics);
    printTable(metrics);
    if (options.markdown) console.log(`${markdownTable(metrics)}\n`);
  }

  // The ledger's protections (issue 12): on the desk's big story, or a story of its own.
  const ledgerMetrics: Metric[] = [];
  const ledgerProblems: string[] = [];
  let ledgerSection: Record<string, unknown> | null = null;
  if (ledger !== "skip") {
    const start = performance.now();
    const story = desk ?? (await generateDesk(client, { ...scale, stories: 2 }, users));
    const generationMs = desk ? 0 : since(start);
    if (!desk) say(`ledger: a story of ${bigEntries.toLocaleString("en")} entries and ${story.revisions.bigChain.toLocaleString("en")} revisions generated in ${(generationMs / 1000).toFixed(1)} s`);
    // Quotes the edits and writers did not use.
    const quoteOffset = desk ? 3 * scale.edits.entries + 2 * scale.writers.writers : 0;
    try {
      ledgerMetrics.push(...(await measureLedger(client, story, story.storyIds[1]!, scale, cluster.url, quoteOffset)));
    } catch (error) {
      if (!(error instanceof LedgerCheckError)) throw error;
      ledgerProblems.push(`ledger FAILED: ${error.message}`);
    }
    ledgerSection = {
      timestamp: new Date().toISOString(),
      scale: scale.name,
      machine: machineInfo(),
      story: { entries: bigEntries, revisions: story.revisions.bigChain },
      generationSeconds: Math.round(generationMs / 100) / 10,
      measureSeconds: Math.round((since(start) - generationMs) / 100) / 10,
      metrics: ledgerMetrics,
      missed: ledgerMetrics.filter((m) => m.met === false).map((m) => m.metric),
      problems: ledgerProblems,
    };
  }
  // The live desk (issue 14): two app instances, SSE clients; a small story of its own without the desk.
  const liveMetrics: Metric[] = [];
  const liveProblems: string[] = [];
  let liveSection: Record<string, unknown> | null = null;
  if (live !== "skip") {
    const start = performance.now();
    const story = desk ?? (await generateDesk(client, { ...scale, stories: 2, big: { sources: 5, quotes: 10, questions: 5, timeline: 5 }, bigRevisions: 0, small: { sources: 1, quotes: 1, questions: 1, timeline: 1 } }, users));
    const measured = await measureLive(client, cluster.url, cluster.appUrl, { id: story.bigStoryId, lead: users.lead, members: [users.lead, ...users.writers] }, scale, (stop) => cleanups.push(stop)).catch((error: unknown) => {
      if (!(error instanceof LiveCheckError)) throw error;
      liveProblems.push(`live FAILED: ${error.message}`);
      return null;
    });
    liveMetrics.push(...(measured?.metrics ?? []));
    liveSection = { timestamp: new Date().toISOString(), scale: scale.name, machine: machineInfo(), ...measured?.section, seconds: Math.round(since(start) / 100) / 10, metrics: liveMetrics, missed: liveMetrics.filter((m) => m.met === false).map((m) => m.metric), problems: liveProblems };
  }
  // Sealed sources (issue 13): last, as its rotations leave every data key under a new desk key.
  const { metrics: sourcesMetrics, problems: sourcesProblems, section: sourcesSection } =
    sources === "skip" ? { metrics: [], problems: [], section: null } : await sourcesPart(client, scale, users);
  const evidenceMetrics = evidenceRun?.metrics ?? [];
  for (const part of [historyMetrics, dossierMetrics, ledgerMetrics, liveMetrics, sourcesMetrics, evidenceMetrics]) {
    if (!part.length) continue;
    unbudgeted(scale, part);
    printTable(part);
    if (options.markdown) console.log(`${markdownTable(part)}\n`);
  }
  const missed = [...metrics, ...historyMetrics, ...dossierMetrics, ...ledgerMetrics, ...liveMetrics, ...sourcesMetrics, ...evidenceMetrics].filter((m) => m.met === false).map((m) => m.metric);
  const allProblems = [...problems, ...historyProblems, ...dossierProblems, ...ledgerProblems, ...liveProblems, ...sourcesProblems, ...(evidenceRun?.problems ?? [])];
  const growth = scale.name === "large" ? growthOverFull(FULL_RESULTS, [...metrics, ...historyMetrics, ...dossierMetrics, ...ledgerMetrics, ...liveMetrics, ...sourcesMetrics, ...evidenceMetrics], options.markdown) : null;
  for (const problem of allProblems) console.log(`[bench] ${problem}`);
  console.log(scale.name === "large" ? "[bench] Large scale: figures and growth only, no budgets." : missed.length ? `[bench] MISSED: ${missed.join("; ")}` : "[bench] All budgets met.");

  if (desk) {
    writeResults(RESULTS, {
      timestamp: new Date().toISOString(),
      scale: scale.name,
      machine: machineInfo(),
      desk: {
        stories: desk.storyIds.length,
        bigStory: scale.big,
        smallStory: scale.small,
        revisions: desk.revisions,
      },
      generation: {
        seconds: Math.round(generationMs / 100) / 10,
        phasesMs: Object.fromEntries(Object.entries(desk.timings).map(([key, value]) => [key, Math.round(value)])),
        revisionsPerSecond: Math.round((desk.revisions.total * 1000) / generationMs),
      },
      metrics,
      ...(growth ? { growthOverFull: growth } : {}),
      ...(historySection ? { history: historySection } : {}),
      ...(dossierSection ? { dossier: dossierSection } : {}),
      ...(ledgerSection ? { ledger: ledgerSection } : {}),
      ...(liveSection ? { live: liveSection } : {}),
      ...(sourcesSection ? { sources: sourcesSection } : {}),
      ...(evidenceRun ? { evidence: evidenceRun.section } : {}),
      missed,
      problems: allProblems,
      totalSeconds: Math.round(since(started) / 100) / 10,
    });
  } else {
    // --only=history / --only=dossier / --only=ledger: the sections that ran are replaced, the rest of the last run is kept.
    const previous = readResults(RESULTS);
    const ran = [...(historySection ? ["history"] : []), ...(dossierSection ? ["dossier"] : []), ...(ledgerSection ? ["ledger"] : []), ...(liveSection ? ["live"] : []), ...(sourcesSection ? ["sources"] : []), ...(evidenceRun ? ["evidence"] : [])];
    const kept = (previous.problems as string[] | undefined)?.filter((problem) => !ran.some((part) => problem.startsWith(part))) ?? [];
    const results: Record<string, unknown> = {
      ...previous,
      ...(historySection ? { history: historySection } : {}),
      ...(dossierSection ? { dossier: dossierSection } : {}),
      ...(ledgerSection ? { ledger: ledgerSection } : {}),
      ...(liveSection ? { live: liveSection } : {}),
      ...(sourcesSection ? { sources: sourcesSection } : {}),
      ...(evidenceRun ? { evidence: evidenceRun.section } : {}),
    };
    const missedIn = (section: unknown) => ((section as { metrics?: Metric[] } | null | undefined)?.metrics ?? []).filter((m) => m.met === false).map((m) => m.metric);
    writeResults(RESULTS, {
      ...results,
      missed: [...missedIn(previous), ...missedIn(results.history), ...missedIn(results.dossier), ...missedIn(results.ledger), ...missedIn(results.live), ...missedIn(results.sources), ...missedIn(results.evidence)],
      problems: [...kept, ...historyProblems, ...dossierProblems, ...ledgerProblems, ...liveProblems, ...sourcesProblems, ...(evidenceRun?.problems ?? [])],
    });
  }
  say(`results written to ${path.relative(process.cwd(), RESULTS)} (${Math.round(since(started) / 1000)} s in all)`);
  // A missed budget is a measurement, not a failure; a broken check (e.g. a page that did
  // not render, a history page with the wrong rows) is.
  return allProblems.some((problem) => / FAILED: /.test(problem)) ? 1 : 0;
}

main().then(
  async (code) => {
    if (cleaning) return;
    await cleanup();
    process.exit(code);
  },
  async (error: unknown) => {
    if (cleaning) return; // interrupted: the signal handler is stopping everything and exits
    console.error(`[bench] Error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanup();
    process.exit(1);
  },
);
