// Where a warm dossier render's time goes, step by step, on the PDF engine's own warm browser:
// the context and page, setContent, the fonts and the running header and footer, page.pdf() as
// the engine calls it and without its extras (tagged, outline), and each step of finishPdf
// (parse, the right-to-left relabelling, the metadata, the incremental save). The print as the
// engine makes it (laid out for print only, the header and footer as @page margin boxes) and as
// it was before 2026-12-01 (a screen layout first, page.pdf()'s header and footer templates) are
// printed paired, each whole print's wall and browser CPU time beside the other's. The step rows load the
// document as it is, its fonts as data: URLs; the engine serves them from memory (the
// "renderPdf" row is the engine itself). Run this file on a saved document (JSON {html, meta};
// `BENCH_DOSSIER_SAVE_DIR=dir npm run bench -- --only=dossier` writes dir/big.json and
// dir/tiny.json) for a quick reading:
//   npx tsx --conditions=react-server scripts/bench/pdf-breakdown.ts dir/big.json [rounds]
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { engine, warmBrowser } from "@/lib/server/dossier/pdf-browser";
import { closePdfBrowser, PAGE_MARGIN, pdfBrowserPid, renderPdf, type PdfMeta } from "@/lib/server/dossier/pdf";
import { finishPdf, finishPdfWhole } from "@/lib/server/dossier/pdf-finish";
import { appendUpdate, setPdfMetadata } from "@/lib/server/dossier/pdf-metadata";
import { openPrintedPdf } from "@/lib/server/dossier/pdf-printed";
import { relabelRtlText } from "@/lib/server/dossier/pdf-rtl";
import { loadDocumentFonts, printOnly } from "@/lib/server/dossier/pdf-layout";
import { addRunningHeaderFooter } from "@/lib/server/dossier/pdf-running";
import { usage } from "./live-clients";
import { summarize, type Summary } from "./stats";

type PdfOptions = NonNullable<Parameters<Page["pdf"]>[0]>;

/** page.pdf() as the engine calls it (the header and footer are the page's @page margin boxes). */
const ENGINE_PRINT: PdfOptions = { format: "A4", printBackground: true, margin: PAGE_MARGIN, tagged: true, outline: true };

// Before 2026-12-01 (pdf19) the engine printed its header and footer with page.pdf()'s templates,
// kept here as the reference the margin boxes are measured against.
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
const TEMPLATE_STYLE = "box-sizing:border-box;width:100%;padding:0 15mm;font-family:sans-serif;font-size:8px;line-height:1.2;color:#666";
const templatePrint = (meta: PdfMeta): PdfOptions => ({
  ...ENGINE_PRINT,
  displayHeaderFooter: true,
  headerTemplate:
    `<div style="${TEMPLATE_STYLE};display:flex;justify-content:space-between;gap:6mm">` +
    `<span dir="auto" style="min-width:0;overflow:hidden;white-space:nowrap;text-overflow:ellipsis">${escapeHtml(meta.headerTitle)}</span>` +
    `<span dir="auto" style="flex:none;white-space:nowrap">${escapeHtml(meta.marking)}</span></div>`,
  footerTemplate: `<div style="${TEMPLATE_STYLE};text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
});

/** page.pdf() as the engine calls it, then with one extra left out at a time (on a page with the margin boxes). */
const PRINT_VARIANTS: Record<string, PdfOptions> = {
  "  page.pdf, not tagged": { ...ENGINE_PRINT, tagged: false },
  "  page.pdf, no outline": { ...ENGINE_PRINT, outline: false },
  "  page.pdf, neither tagged nor outline": { ...ENGINE_PRINT, tagged: false, outline: false },
};

type Samples = Map<string, number[]>;
const add = (samples: Samples, name: string, value: number) => samples.set(name, [...(samples.get(name) ?? []), value]);

const time = async <T>(samples: Samples, name: string, work: () => Promise<T> | T): Promise<T> => {
  const start = performance.now();
  const value = await work();
  add(samples, name, performance.now() - start);
  return value;
};

/** The browser's CPU time (ms, every process of its tree) spent in `work`, beside its wall time. */
async function measured<T>(samples: Samples, name: string, work: () => Promise<T>): Promise<T> {
  const pid = pdfBrowserPid();
  const before = pid === undefined ? 0 : usage(pid).cpuMs;
  const value = await time(samples, `${name} (wall)`, work);
  if (pid !== undefined) add(samples, `${name} (browser CPU)`, usage(pid).cpuMs - before);
  return value;
}

/** A fresh context and page as the engine makes them (the fonts stay data: URLs here). */
async function freshPage(browser: Browser) {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: "block", locale: "en-US" });
  await context.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort("blockedbyclient")));
  return { context, page: await context.newPage() };
}

/** Each step's timings (ms) over `rounds` warm rounds, after one warm-up round. */
export async function pdfBreakdown(html: string, meta: PdfMeta, rounds: number): Promise<{ step: string; summary: Summary }[]> {
  const samples: Samples = new Map();
  await renderPdf(html, meta); // the browser warm
  for (let round = -1; round < rounds; round++) {
    const into: Samples = round < 0 ? new Map() : samples;
    await time(into, "renderPdf (the whole engine)", () => renderPdf(html, meta));
    const browser = await warmBrowser(engine());
    // The print as before and as the engine: setContent → fonts → page.pdf, paired, in alternating order.
    const templates = async () => {
      const { context, page } = await freshPage(browser);
      try {
        await measured(into, "print as before (screen layout, header/footer templates)", async () => {
          await page.setContent(html, { waitUntil: "load", timeout: 0 });
          await page.evaluate(async () => void (await document.fonts.ready));
          await page.pdf(templatePrint(meta));
        });
      } finally {
        await context.close();
      }
    };
    let printed: Uint8Array | undefined;
    const marginBoxes = async () => {
      const { context, page } = await time(into, "  newContext + route + newPage", () => freshPage(browser));
      try {
        await measured(into, "print as the engine (print layout only, margin boxes)", async () => {
          await time(into, "  setContent (load, printOnly)", () => page.setContent(printOnly(html), { waitUntil: "load", timeout: 0 }));
          await time(into, "  loadDocumentFonts", () => loadDocumentFonts(page));
          await time(into, "  header/footer (addRunningHeaderFooter)", () => addRunningHeaderFooter(page, meta.headerTitle, meta.marking));
          const pdf = await time(into, "  page.pdf (as the engine)", () => page.pdf(ENGINE_PRINT));
          printed = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
        });
        const variants = Object.entries(PRINT_VARIANTS);
        for (let k = 0; k < variants.length; k++) {
          const [name, options] = variants[(k + Math.max(round, 0)) % variants.length]!;
          await time(into, name, () => page.pdf(options));
        }
      } finally {
        await context.close();
      }
    };
    for (const step of round % 2 ? [templates, marginBoxes] : [marginBoxes, templates]) await step();
    const bytes = printed!;
    await time(into, "finishPdf (rtl: as the engine)", () => finishPdf(bytes, meta, { rtl: true }));
    await time(into, "finishPdf the way before (pdf-lib parses all, saves)", () => finishPdfWhole(bytes, meta, { rtl: true }));
    await time(into, "finishPdf (no rtl: page numbers + metadata)", () => finishPdf(bytes, meta, { rtl: false }));
    const lazy = await time(into, "  rtl: openPrintedPdf (xref table)", () => openPrintedPdf(bytes));
    if (!lazy) throw new Error("Chromium's PDF was not read as printed");
    const changed = await time(into, "  rtl: relabelRtlText", () => relabelRtlText(lazy));
    await time(into, "  rtl: appendUpdate", () => appendUpdate(bytes, lazy.trailer, meta, changed));
    await time(into, "  setPdfMetadata (direct append)", () => setPdfMetadata(bytes, meta));
  }
  return [...samples].map(([step, values]) => ({ step, summary: summarize(values) }));
}

async function main() {
  const [file, roundsArg] = process.argv.slice(2);
  if (!file) throw new Error("usage: pdf-breakdown.ts file.json [rounds]");
  const { html, meta } = JSON.parse(fs.readFileSync(file, "utf8")) as { html: string; meta: PdfMeta & { createdAt: string } };
  try {
    const rows = await pdfBreakdown(html, { ...meta, createdAt: new Date(meta.createdAt) }, Number(roundsArg ?? 5));
    const width = Math.max(...rows.map((row) => row.step.length));
    console.log(`${"step".padEnd(width)} |    p50 ms |    p95 ms | n`);
    for (const { step, summary } of rows) console.log(`${step.padEnd(width)} | ${summary.p50.toFixed(1).padStart(9)} | ${summary.p95.toFixed(1).padStart(9)} | ${summary.n}`);
  } finally {
    await closePdfBrowser();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
