// Where a warm dossier render's time goes, step by step, on the PDF engine's own warm browser:
// the context and page, setContent, the fonts, page.pdf() as the engine calls it and without
// each of its extras (header/footer, tagged, outline), and each step of finishPdf (parse, the
// right-to-left relabelling, the metadata, the incremental save). The step rows load the
// document as it is, its fonts as data: URLs; the engine serves them from memory (the
// "renderPdf" row is the engine itself). Run this file on a saved document (JSON {html, meta};
// `BENCH_DOSSIER_SAVE_DIR=dir npm run bench -- --only=dossier` writes dir/big.json and
// dir/tiny.json) for a quick reading:
//   npx tsx --conditions=react-server scripts/bench/pdf-breakdown.ts dir/big.json [rounds]
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { engine, warmBrowser } from "@/lib/server/dossier/pdf-browser";
import { closePdfBrowser, FOOTER_TEMPLATE, headerTemplate, renderPdf, type PdfMeta } from "@/lib/server/dossier/pdf";
import { finishPdf, finishPdfWhole } from "@/lib/server/dossier/pdf-finish";
import { appendUpdate, setPdfMetadata } from "@/lib/server/dossier/pdf-metadata";
import { openPrintedPdf } from "@/lib/server/dossier/pdf-printed";
import { relabelRtlText } from "@/lib/server/dossier/pdf-rtl";
import { summarize, type Summary } from "./stats";

type PdfOptions = NonNullable<Parameters<import("playwright-core").Page["pdf"]>[0]>;

const MARGIN = { top: "18mm", bottom: "18mm", left: "15mm", right: "15mm" };

/** page.pdf() as the engine calls it, then with one extra left out at a time. */
function printVariants(meta: PdfMeta): Record<string, PdfOptions> {
  const full: PdfOptions = {
    format: "A4",
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: headerTemplate(meta.headerTitle, meta.marking),
    footerTemplate: FOOTER_TEMPLATE,
    margin: MARGIN,
    tagged: true,
    outline: true,
  };
  return {
    "page.pdf (as the engine)": full,
    "page.pdf, no header/footer": { ...full, displayHeaderFooter: false },
    "page.pdf, not tagged": { ...full, tagged: false },
    "page.pdf, no outline": { ...full, outline: false },
    "page.pdf, none of the three": { ...full, displayHeaderFooter: false, tagged: false, outline: false },
  };
}

const time = async <T>(samples: Map<string, number[]>, name: string, work: () => Promise<T> | T): Promise<T> => {
  const start = performance.now();
  const value = await work();
  samples.set(name, [...(samples.get(name) ?? []), performance.now() - start]);
  return value;
};

/** Each step's timings (ms) over `rounds` warm rounds, after one warm-up round. */
export async function pdfBreakdown(html: string, meta: PdfMeta, rounds: number): Promise<{ step: string; summary: Summary }[]> {
  const samples = new Map<string, number[]>();
  const variants = Object.entries(printVariants(meta));
  const noFonts = html.replace(/@font-face\s*\{[^}]*\}/g, "");
  await renderPdf(html, meta); // the browser warm
  for (let round = -1; round < rounds; round++) {
    const into = round < 0 ? new Map<string, number[]>() : samples;
    await time(into, "renderPdf (the whole engine)", () => renderPdf(html, meta));
    const browser = await warmBrowser(engine());
    const context = await time(into, "newContext + route + newPage", async () => {
      const made = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: "block", locale: "en-US" });
      await made.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort("blockedbyclient")));
      return { context: made, page: await made.newPage() };
    });
    try {
      const { page } = context;
      await time(into, "setContent (load)", () => page.setContent(html, { waitUntil: "load", timeout: 0 }));
      await time(into, "document.fonts.ready", () => page.evaluate(async () => void (await document.fonts.ready)));
      // Rotated so that no variant always prints first on the laid-out page.
      let printed: Uint8Array | undefined;
      for (let k = 0; k < variants.length; k++) {
        const [name, options] = variants[(k + Math.max(round, 0)) % variants.length]!;
        const pdf = await time(into, name, () => page.pdf(options));
        if (name === "page.pdf (as the engine)") printed = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      }
      await time(into, "setContent, no @font-face (load)", () => page.setContent(noFonts, { waitUntil: "load", timeout: 0 }));
      await time(into, "page.pdf (as the engine), no @font-face", () => page.pdf(variants[0]![1]));
      const bytes = printed!;
      await time(into, "finishPdf (rtl: as the engine)", () => finishPdf(bytes, meta, { rtl: true }));
      await time(into, "finishPdf the way before (pdf-lib parses all, saves)", () => finishPdfWhole(bytes, meta));
      await time(into, "finishPdf (no rtl: metadata only)", () => finishPdf(bytes, meta, { rtl: false }));
      const lazy = await time(into, "  rtl: openPrintedPdf (xref table)", () => openPrintedPdf(bytes));
      if (!lazy) throw new Error("Chromium's PDF was not read as printed");
      const changed = await time(into, "  rtl: relabelRtlText", () => relabelRtlText(lazy));
      await time(into, "  rtl: appendUpdate", () => appendUpdate(bytes, lazy.trailer, meta, changed));
      await time(into, "  setPdfMetadata (direct append)", () => setPdfMetadata(bytes, meta));
    } finally {
      await context.context.close();
    }
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
