// The PDF engine alone (lib/server/dossier/pdf.ts), no database: a cold first render (browser
// launch included), then warm renders of the same HTML, with the peak memory of this Node process
// and of the browser's process tree sampled every 50 ms. `measurePdf` is for `npm run bench`;
// run this file directly for a quick reading on a synthetic 1,000-entry dossier:
//   npx tsx --conditions=react-server scripts/bench/pdf-engine.ts [entries] [rounds]
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { DOSSIER_FONT_FAMILY, fontFaceCss } from "@/lib/server/dossier/fonts";
import { closePdfBrowser, pdfBrowserPid, renderPdf, type PdfMeta } from "@/lib/server/dossier/pdf";

export type PdfMeasurement = {
  /** First render on a fresh browser: launch + print + metadata. */
  coldMs: number;
  /** Each further render of the same document on the warm browser. */
  warmMs: number[];
  pages: number;
  bytes: number;
  peakRssMb: { node: number; browser: number | null };
};

const BENCH_META: PdfMeta = {
  title: "Benchmark dossier",
  author: "Storydesk bench",
  subject: "PDF engine benchmark",
  keywords: ["bench"],
  createdAt: new Date("2026-01-01T00:00:00Z"),
  headerTitle: "Benchmark dossier",
  marking: "Internal — confidential",
};

const MB = 1024 * 1024;

/** Resident set sizes (bytes) by pid, and the parent of each process, from /proc. */
function processTable(): Map<number, { ppid: number }> {
  const table = new Map<number, { ppid: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid …  — comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      table.set(Number(entry), { ppid });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Σ VmRSS (bytes) of a process and all its descendants (zygotes, renderers, utilities). */
export function treeRssBytes(root: number): number {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let total = 0;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += statusKb(pid, "VmRSS") * 1024;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * Samples the peak RSS (MB) of this Node process and of the PDF engine's browser process tree
 * every 50 ms until the returned function is called (the dossier bench uses it too).
 */
export function startSampler(): () => { node: number; browser: number | null } {
  let node = process.memoryUsage().rss;
  let browser: number | null = null;
  const sample = () => {
    node = Math.max(node, process.memoryUsage().rss);
    const pid = pdfBrowserPid();
    if (pid !== undefined && fs.existsSync("/proc/self/stat")) browser = Math.max(browser ?? 0, treeRssBytes(pid));
  };
  const timer = setInterval(sample, 50);
  return () => {
    clearInterval(timer);
    sample();
    return { node: Math.round(node / MB), browser: browser === null ? null : Math.round(browser / MB) };
  };
}

export function pageCount(pdf: Uint8Array): number {
  // Chromium writes one "/Type /Page" object per page, its type first (and "/Type /Pages" for the
  // tree); finishPdf's update writes each page again under the same number (pdf-stamp.ts).
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString("latin1");
  return new Set([...text.matchAll(/(\d+ \d+) obj\s*<<\s*\/Type\s*\/Page(?![s\w])/g)].map((match) => match[1])).size;
}

/**
 * Renders `html` once on a fresh browser (cold), then `rounds` times warm, one after another.
 * Closes the engine's browser before and after, so it measures a real cold start.
 */
export async function measurePdf(html: string, rounds: number, meta: PdfMeta = BENCH_META): Promise<PdfMeasurement> {
  await closePdfBrowser();
  const stop = startSampler();
  try {
    let started = performance.now();
    let pdf = await renderPdf(html, meta);
    const coldMs = performance.now() - started;
    const warmMs: number[] = [];
    for (let i = 0; i < rounds; i++) {
      started = performance.now();
      pdf = await renderPdf(html, meta);
      warmMs.push(performance.now() - started);
    }
    return { coldMs, warmMs, pages: pageCount(pdf), bytes: pdf.byteLength, peakRssMb: stop() };
  } finally {
    stop();
    await closePdfBrowser();
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const SAMPLES = [
  { dir: "ltr", lang: "en", text: "The harbour authority confirmed that the tender was reopened after the audit found irregularities in two of the five bids." },
  { dir: "rtl", lang: "he", text: "רשות הנמל אישרה כי המכרז נפתח מחדש לאחר שהביקורת מצאה אי-סדרים בשתיים מתוך חמש ההצעות." },
  { dir: "rtl", lang: "ar", text: "أكدت سلطة الميناء أن المناقصة أعيد فتحها بعد أن كشف التدقيق عن مخالفات في عرضين من العروض الخمسة." },
  { dir: "ltr", lang: "en", text: "Follow up with the procurement office: who signed the amended criteria, and when were the bidders told? Źródło: Łódź desk." },
] as const;

/**
 * A synthetic dossier page of `entries` entries (Latin, Hebrew and Arabic mixed, a link and a
 * small table each), shaped like the real one: fonts inline, print CSS. ~1,000 entries ≈ 150 A4 pages.
 */
export function syntheticDossierHtml(entries = 1000): string {
  const rows: string[] = [];
  for (let i = 0; i < entries; i++) {
    const a = SAMPLES[i % SAMPLES.length]!;
    const b = SAMPLES[(i + 1) % SAMPLES.length]!;
    rows.push(
      `<section class="entry"><h3>Entry ${i + 1}: ${i % 3 === 0 ? "Quote" : i % 3 === 1 ? "Source" : "Question"}</h3>` +
        `<p dir="${a.dir}" lang="${a.lang}">${escapeHtml(a.text)}</p>` +
        `<p dir="${b.dir}" lang="${b.lang}" class="note">${escapeHtml(b.text)}</p>` +
        `<table><tr><th>Status</th><td>${i % 2 ? "verified" : "unverified"}</td><th>Link</th><td><a href="https://example.org/entries/${i + 1}">example.org/entries/${i + 1}</a></td></tr></table></section>`,
    );
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Synthetic dossier</title><style>
${fontFaceCss()}
@page { size: A4; }
html { font-family: ${DOSSIER_FONT_FAMILY}; font-size: 10pt; line-height: 1.4; color: #111; }
h1 { font-size: 18pt; } h3 { font-size: 11pt; margin: 0 0 2pt; break-after: avoid; }
.entry { break-inside: avoid; border-bottom: 0.5pt solid #ccc; padding: 4pt 0; }
.note { color: #444; font-style: italic; }
table { border-collapse: collapse; font-size: 9pt; } th, td { text-align: start; padding: 1pt 6pt 1pt 0; }
a { color: #0645ad; }
</style></head><body><h1>Synthetic dossier (${entries} entries)</h1>${rows.join("\n")}</body></html>`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const entries = Number(process.argv[2] ?? 1000);
  const rounds = Number(process.argv[3] ?? 3);
  const html = syntheticDossierHtml(entries);
  const result = await measurePdf(html, rounds);
  console.log(
    JSON.stringify({ entries, htmlKb: Math.round(Buffer.byteLength(html) / 1024), ...result, coldMs: Math.round(result.coldMs), warmMs: result.warmMs.map(Math.round) }),
  );
}
