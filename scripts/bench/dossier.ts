// Issue 6's budget: the PDF of a 1,000-entry dossier in ≤ 3 s on a warm browser, peak memory
// reported; a cold first export reported separately. Measured in-process, signed in as the
// story's lead, through `exportDossier` (the whole path: build, HTML, PDF, the export recorded),
// interleaved with the same export of a tiny story (the baseline). Then the steps alone
// (buildDossier, renderDossierHtml, renderPdf of the same HTML) and the JSON and Markdown
// exports, each beside the same step on the tiny story. Every answer is checked: a figure
// measured on a wrong answer is no figure.
// Issue 16's budgets: the warm export of 1,000 entries at most 1.5× a bare Chromium print of
// the same entries as plain HTML (the dossier's document without its <style>: no fonts, no
// print CSS; `page.pdf()` with its defaults: no header, footer, tags or outline), printed by
// the same warm browser in the same rounds; and a tiny story's warm export ≤ 250 ms.
import type { SessionUser } from "@/lib/server/access";
import type { Dossier } from "@/lib/server/dossier/types";
import type { PdfMeta } from "@/lib/server/dossier/pdf";
import { BUDGETS, type Scale } from "./config";
import type { DossierDesk, DossierStory } from "./dossier-story";
import { metric, say, summarize, timed, type Metric, type Summary } from "./stats";

/** The reader's zone: not UTC, so that times are converted as for a real reader. */
const TIME_ZONE = "Europe/London";
const MB = 1024 * 1024;

/** Checks what a call returned (a PDF, a dossier, a file). */
export class DossierCheckError extends Error {}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new DossierCheckError(message);
}

export type DossierMemory = {
  /** Before the warm rounds: this process, and the warm browser's tree at rest. */
  before: { nodeMb: number; browserMb: number | null };
  /** Peaks sampled every 50 ms during the warm rounds (both stories' exports). */
  warmPeak: { nodeMb: number; browserMb: number | null };
  /** The same during the cold first export of the big story (browser launch included). */
  coldPeak: { nodeMb: number; browserMb: number | null };
};

export type DossierMeasurement = {
  metrics: Metric[];
  memory: DossierMemory;
  pdf: { pages: number; bytes: number; tinyPages: number; tinyBytes: number; htmlBytes: number; jsonBytes: number; markdownBytes: number };
  /** What the big story's dossier held: its change log is part of it (the internal profile's last 24 hours). */
  content: { changesListed: number; changesTotal: number; commentThreads: number; speakers: number };
  /** The Chromium that printed (which one, and its version) and how often it was launched. */
  engine: { launches: number; renders: number; chromium: string };
};

const PDF = { format: "pdf" } as const;

export async function measureDossier(desk: DossierDesk, scale: Scale): Promise<DossierMeasurement> {
  const { AppError } = await import("@/lib/errors");
  try {
    return await measure(desk, scale);
  } catch (error) {
    // An export that failed (e.g. the PDF timed out) is a wrong answer too.
    if (error instanceof AppError) throw new DossierCheckError(`an export failed: ${error.code}: ${error.message}`, { cause: error });
    throw error;
  } finally {
    // Also when a check fails: the bench must not leave a browser behind.
    await (await import("@/lib/server/dossier/pdf")).closePdfBrowser();
  }
}

async function measure(desk: DossierDesk, scale: Scale): Promise<DossierMeasurement> {
  const { exportDossier } = await import("@/lib/server/dossier/export");
  const { buildDossier } = await import("@/lib/server/dossier/build");
  const { renderDossierHtml } = await import("@/lib/server/dossier/html");
  const { closePdfBrowser, pdfBrowserPid, pdfEngineStats, renderPdf } = await import("@/lib/server/dossier/pdf");
  const { pageCount, startSampler, treeRssBytes } = await import("./pdf-engine");
  const user: SessionUser = desk.lead;
  const { big, tiny } = desk;
  const { warmup, rounds, breakdownRounds, minPages } = scale.dossier;

  /** The dossier holds what the story holds: every entry, redacted as asked, in its place. */
  const checkDossier = (dossier: Dossier, story: DossierStory, where: string) => {
    const quotes = (dossier.quotes ?? []).flatMap((group) => group.quotes);
    const counts = {
      sources: dossier.sources?.length,
      confidential: dossier.sources?.filter((source) => source.identityRedacted && source.name === source.alias).length,
      quotes: quotes.length,
      rtlQuotes: quotes.filter((quote) => quote.direction === "rtl").length,
      questions: dossier.questions?.length,
      timeline: dossier.timeline?.length,
      followUps: dossier.followUps?.length,
      comments: (dossier.comments ?? []).reduce((sum, thread) => sum + thread.comments.length, 0),
    };
    const expected = { sources: story.sources, confidential: story.confidential, quotes: story.quotes, rtlQuotes: story.rtlQuotes, questions: story.questions, timeline: story.timeline, followUps: story.followUps, comments: story.comments };
    check(dossier.story.title === story.title, `${where}: the dossier of "${dossier.story.title}", "${story.title}" expected`);
    check(JSON.stringify(counts) === JSON.stringify(expected), `${where}: ${JSON.stringify(counts)}, ${JSON.stringify(expected)} expected`);
    check(dossier.redaction.redacted, `${where}: not redacted`);
  };
  const checkPdf = (body: Uint8Array | string, story: DossierStory, atLeast: number, where: string): { pages: number; bytes: number } => {
    check(body instanceof Uint8Array, `${where}: the body is not bytes`);
    check(Buffer.from(body.subarray(0, 5)).toString("latin1") === "%PDF-", `${where}: does not start with %PDF-`);
    const pages = pageCount(body);
    check(pages >= atLeast, `${where}: ${pages} pages, at least ${atLeast} expected for ${story.entries} entries`);
    return { pages, bytes: body.byteLength };
  };
  const exportPdf = async (story: DossierStory, where: string) => {
    const file = await exportDossier(user, story.id, PDF, TIME_ZONE);
    check(file.contentType === "application/pdf" && file.filename.endsWith(".pdf"), `${where}: ${file.contentType}, ${file.filename}`);
    return file.body;
  };
  const least = (story: DossierStory) => (story === big ? minPages : 1);
  const label = (story: DossierStory) => (story === big ? `${big.entries.toLocaleString("en")} entries` : `tiny story (${tiny.sources} source, ${tiny.quotes} quote)`);

  // Modules and the database connection warm (a tiny JSON export); the browser is not.
  await exportDossier(user, tiny.id, { format: "json" }, TIME_ZONE);

  // (a) Cold: a fresh browser, launch included; the tiny story's the same way, for comparison.
  await closePdfBrowser();
  const coldTiny = await timed(() => exportPdf(tiny, "cold PDF export, tiny story"));
  checkPdf(coldTiny.value, tiny, least(tiny), "cold PDF export, tiny story");
  await closePdfBrowser();
  const stopCold = startSampler();
  const coldBig = await timed(() => exportPdf(big, "cold PDF export"));
  const coldPeak = stopCold();
  checkPdf(coldBig.value, big, least(big), "cold PDF export");
  say(`dossier: cold first PDF export ${Math.round(coldBig.ms)} ms (tiny story ${Math.round(coldTiny.ms)} ms), browser launch included`);

  // (b) Warm: both stories' PDF exports, interleaved, after a warm-up; memory sampled throughout.
  // A series' call returns its check, run after the timing (counting the pages of a few MB).
  type Series = { name: string; story: DossierStory; run: () => Promise<() => void>; samples: number[] };
  const runRounds = async (series: Series[], count: number, warm: number) => {
    for (let i = 0; i < warm; i++) for (const one of series) (await one.run())();
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < series.length; k++) {
        const one = series[(i + k) % series.length]!;
        const { ms, value: checkAnswer } = await timed(one.run);
        one.samples.push(ms);
        checkAnswer();
      }
    }
  };
  const last = new Map<DossierStory, { pages: number; bytes: number }>();
  /** The last warm export's file, by story: checked against its dossier once the rounds end. */
  const lastFile = new Map<DossierStory, Uint8Array>();
  const pdfSeries = (story: DossierStory): Series => ({
    name: "PDF export",
    story,
    samples: [],
    run: async () => {
      const where = `warm PDF export, ${label(story)}`;
      const body = await exportPdf(story, where);
      return () => {
        last.set(story, checkPdf(body, story, least(story), where));
        if (body instanceof Uint8Array) lastFile.set(story, body);
      };
    },
  });
  // The bare print: the big story's entries as plain HTML, on the engine's own warm browser.
  const { engine: pdfEngine, warmBrowser } = await import("@/lib/server/dossier/pdf-browser");
  const plainHtml = renderDossierHtml((await buildDossier(user, big.id, PDF, TIME_ZONE)).dossier).replace(/<style>[\s\S]*?<\/style>/, "");
  check(!plainHtml.includes("@font-face") && plainHtml.includes("<blockquote "), "bare print: the plain HTML still has its style, or lost its entries");
  const bareSeries: Series = {
    name: "bare Chromium print (plain HTML)",
    story: big,
    samples: [],
    run: async () => {
      const browser = await warmBrowser(pdfEngine());
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.setContent(plainHtml, { waitUntil: "load" });
        const pdf = await page.pdf();
        return () => void checkPdf(new Uint8Array(pdf), big, Math.ceil(least(big) / 2), "bare print");
      } finally {
        await context.close();
      }
    },
  };
  // Which Chromium the engine printed with (lib/server/browser.ts picks it; docs/operations.md says why).
  const { chromiumPath, SYSTEM_CHROMIUM } = await import("@/lib/server/browser");
  const executable = await chromiumPath("pdf");
  const kind = process.env.CHROMIUM_PATH ? "CHROMIUM_PATH" : executable === SYSTEM_CHROMIUM ? "the system's" : "packaged, @sparticuz/chromium";
  const chromium = `Chromium ${(await warmBrowser(pdfEngine())).version()} (${kind}: ${executable})`;
  say(`dossier: the engine prints with ${chromium}`);
  const warmSeries = [pdfSeries(big), pdfSeries(tiny), bareSeries];
  const pid = pdfBrowserPid();
  const before = { nodeMb: Math.round(process.memoryUsage().rss / MB), browserMb: pid === undefined ? null : Math.round(treeRssBytes(pid) / MB) };
  const launchesBefore = pdfEngineStats().launches;
  say(`dossier: ${warmup} warm-up round(s), then ${rounds} rounds of the PDF export, ${label(big)} and ${label(tiny)} interleaved…`);
  const stopWarm = startSampler();
  await runRounds(warmSeries, rounds, warmup);
  const warmPeak = stopWarm();
  const relaunches = pdfEngineStats().launches - launchesBefore;

  // (c) The steps alone, and the other formats, on both stories, interleaved.
  const prepared = new Map<DossierStory, { dossier: Dossier; html: string; meta: PdfMeta }>();
  for (const story of [big, tiny]) {
    const { dossier } = await buildDossier(user, story.id, PDF, TIME_ZONE);
    checkDossier(dossier, story, `buildDossier, ${label(story)}`);
    const html = renderDossierHtml(dossier);
    prepared.set(story, {
      dossier,
      html,
      // As exportDossier passes them.
      meta: {
        title: `${dossier.story.title} — dossier`,
        author: user.name,
        subject: `Storydesk dossier as of ${dossier.asOf.atLabel} (revision #${dossier.asOf.revision}); redacted`,
        keywords: ["Storydesk", "dossier", dossier.profile, dossier.story.slug],
        createdAt: new Date(),
        headerTitle: dossier.story.title,
        marking: "Internal — confidential",
      },
    });
  }
  // The big story's last warm export (printed as two parts at once and merged: pdf-split.ts) holds
  // every entry of its dossier, read back as Verify a copy reads a PDF (pdf-check.ts): once, untimed.
  {
    const { missingFromPdf } = await import("@/lib/server/dossier/pdf-check");
    const file = lastFile.get(big);
    check(file !== undefined, "warm PDF export: no file kept");
    const missing = await missingFromPdf(file, prepared.get(big)!.dossier);
    check(missing.length === 0, `warm PDF export, ${label(big)}: ${missing.length} entries not found in the PDF, e.g. ${JSON.stringify(missing.slice(0, 2))}`);
    say(`dossier: the big story's PDF holds every entry of its dossier (read back as Verify a copy does)`);
  }
  // BENCH_DOSSIER_SAVE_DIR: both documents kept as {html, meta, dossier} (big.json, tiny.json) for pdf-breakdown.ts, and the dossier to render html.ts variants from.
  const saveDir = process.env.BENCH_DOSSIER_SAVE_DIR;
  if (saveDir) {
    const fs = await import("node:fs");
    for (const [story, { html, meta, dossier }] of prepared) fs.writeFileSync(`${saveDir}/${story === big ? "big" : "tiny"}.json`, JSON.stringify({ html, meta, dossier }));
  }
  const sizes = { html: 0, json: 0, markdown: 0 };
  const steps: Array<{ name: string; make: (story: DossierStory) => () => Promise<() => void> }> = [
    {
      name: "buildDossier",
      make: (story) => async () => {
        const { dossier } = await buildDossier(user, story.id, PDF, TIME_ZONE);
        return () => checkDossier(dossier, story, `buildDossier, ${label(story)}`);
      },
    },
    {
      name: "renderDossierHtml",
      make: (story) => async () => {
        const html = renderDossierHtml(prepared.get(story)!.dossier);
        return () => {
          const blockquotes = html.match(/<blockquote /g)?.length ?? 0;
          check(html.startsWith("<!doctype html>") && html.includes(`<h1 dir="auto">${story.title}</h1>`), `renderDossierHtml, ${label(story)}: not the story's document`);
          check(blockquotes === story.quotes, `renderDossierHtml, ${label(story)}: ${blockquotes} quotes, ${story.quotes} expected`);
          if (story === big) sizes.html = Buffer.byteLength(html);
        };
      },
    },
    {
      name: "renderPdf alone (same HTML)",
      make: (story) => async () => {
        const { html, meta } = prepared.get(story)!;
        const pdf = await renderPdf(html, meta);
        return () => void checkPdf(pdf, story, least(story), `renderPdf, ${label(story)}`);
      },
    },
    {
      name: "JSON export (exportDossier)",
      make: (story) => async () => {
        const file = await exportDossier(user, story.id, { format: "json" }, TIME_ZONE);
        return () => {
          check(typeof file.body === "string", `JSON export, ${label(story)}: not text`);
          // Parsed here, outside the timing: what a client of the export would do.
          checkDossier(JSON.parse(file.body) as Dossier, story, `JSON export, ${label(story)}`);
          if (story === big) sizes.json = Buffer.byteLength(file.body);
        };
      },
    },
    {
      name: "Markdown export (exportDossier)",
      make: (story) => async () => {
        const file = await exportDossier(user, story.id, { format: "md" }, TIME_ZONE);
        return () => {
          check(typeof file.body === "string", `Markdown export, ${label(story)}: not text`);
          const quoteLines = file.body.split("\n").filter((line) => line.startsWith("> ")).length;
          check(file.body.startsWith(`# ${story.title}\n`), `Markdown export, ${label(story)}: not the story's document`);
          check(quoteLines === story.quotes, `Markdown export, ${label(story)}: ${quoteLines} quotes, ${story.quotes} expected`);
          if (story === big) sizes.markdown = Buffer.byteLength(file.body);
        };
      },
    },
  ];
  const breakdown: Series[] = steps.flatMap((step) => [big, tiny].map((story): Series => ({ name: step.name, story, run: step.make(story), samples: [] })));
  say(`dossier: the steps alone and the other formats, ${breakdownRounds} rounds of ${breakdown.length} series, interleaved…`);
  // Sampled too, so that the steps run under the same load as the whole exports above.
  const stopBreakdown = startSampler();
  await runRounds(breakdown, breakdownRounds, warmup);
  stopBreakdown();
  const engine = pdfEngineStats();

  const pdfOf = (story: DossierStory) => last.get(story) ?? { pages: 0, bytes: 0 };
  const round = (value: number) => Math.round(value * 100) / 100;
  const fullScale = scale.name === "full"; // the budget is for 1,000 entries
  const row = (name: string, own: Summary, baseline: Summary | null, budget: string, met: boolean | null, extra: Metric["detail"] = {}) =>
    metric(name, own, baseline, budget, met, { n: own.n, max: round(own.max), ...(baseline ? { p50Ratio: round(own.p50 / baseline.p50) } : {}), ...extra });
  const [warmBig, warmTiny, bare] = warmSeries.map((one) => summarize(one.samples)) as [Summary, Summary, Summary];
  const met = warmBig.p95 <= BUDGETS.dossierPdfP95Ms;
  const bareRatio = warmBig.p95 / bare.p95;
  const memoryDetail = {
    nodeRssBeforeMb: before.nodeMb,
    nodeRssPeakMb: warmPeak.node,
    browserRssIdleMb: before.browserMb ?? "n/a",
    browserRssPeakMb: warmPeak.browser ?? "n/a",
  };
  const metrics: Metric[] = [
    row(
      `dossier PDF export, warm · ${label(big)}`,
      warmBig,
      warmTiny,
      fullScale ? `≤ ${BUDGETS.dossierPdfP95Ms.toLocaleString("en")} ms` : `info (small scale, ${big.entries} entries)`,
      fullScale ? met : null,
      { entries: big.entries, pages: pdfOf(big).pages, bytes: pdfOf(big).bytes, browserRelaunches: relaunches, engine: chromium, splitPrints: engine.split, primedPrints: engine.primed, renders: engine.renders, ...memoryDetail },
    ),
    row(`dossier PDF export, cold first (browser launch incl.) · ${label(big)}`, summarize([coldBig.ms]), summarize([coldTiny.ms]), "info (vs cold tiny story)", null, {
      nodeRssPeakMb: coldPeak.node,
      browserRssPeakMb: coldPeak.browser ?? "n/a",
    }),
    row(
      `dossier PDF export, warm, vs a bare Chromium print of the same entries · ${label(big)}`,
      warmBig,
      bare,
      fullScale ? `≤ ${BUDGETS.dossierPdfBareRatio}× bare print` : `info (small scale, ${big.entries} entries)`,
      fullScale ? bareRatio <= BUDGETS.dossierPdfBareRatio : null,
    ),
    row(`baseline: bare Chromium print of the same entries as plain HTML · ${label(big)}`, bare, null, "info (no fonts, CSS, header, footer, tags)", null),
    row(`dossier PDF export, warm · ${label(tiny)}`, warmTiny, null, `≤ ${BUDGETS.dossierTinyPdfP95Ms} ms`, warmTiny.p95 <= BUDGETS.dossierTinyPdfP95Ms, { pages: pdfOf(tiny).pages, bytes: pdfOf(tiny).bytes }),
    row(`baseline: dossier PDF export, cold first · ${label(tiny)}`, summarize([coldTiny.ms]), null, "info", null),
  ];
  for (const step of steps) {
    const own = summarize(breakdown.find((one) => one.name === step.name && one.story === big)!.samples);
    const base = summarize(breakdown.find((one) => one.name === step.name && one.story === tiny)!.samples);
    metrics.push(row(`dossier ${step.name} · ${label(big)}`, own, base, "info (vs tiny story)", null));
  }
  const bigDossier = prepared.get(big)!.dossier;
  return {
    metrics,
    memory: { before, warmPeak: { nodeMb: warmPeak.node, browserMb: warmPeak.browser }, coldPeak: { nodeMb: coldPeak.node, browserMb: coldPeak.browser } },
    pdf: { ...pdfOf(big), tinyPages: pdfOf(tiny).pages, tinyBytes: pdfOf(tiny).bytes, htmlBytes: sizes.html, jsonBytes: sizes.json, markdownBytes: sizes.markdown },
    content: {
      changesListed: bigDossier.changes?.entries.length ?? 0,
      changesTotal: bigDossier.changes?.total ?? 0,
      commentThreads: bigDossier.comments?.length ?? 0,
      speakers: bigDossier.quotes?.length ?? 0,
    },
    engine: { launches: engine.launches, renders: engine.renders, chromium },
  };
}
