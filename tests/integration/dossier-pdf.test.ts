// The dossier PDF engine (lib/server/dossier/pdf.ts) with a real Chromium: header, footer,
// metadata, links, embedded fonts, right-to-left text, the bounded warm browser, time-outs, and
// a document that tries to reach the network or the disk. No database is used.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOSSIER_FONT_FAMILY, fontFaceCss, SCRIPT_FONT_CSS } from "@/lib/server/dossier/fonts";
import { closePdfBrowser, pdfBrowserPid, pdfEngineStats, PdfRenderError, renderPdf, type PdfMeta } from "@/lib/server/dossier/pdf";
import { engine, warmBrowser } from "@/lib/server/dossier/pdf-browser";
import { pdfTextBlocks, readLeftToRight, readRightToLeft } from "@/lib/server/dossier/pdf-text";
import { renderDossierHtml, scriptAttr } from "@/lib/server/dossier/html";
import { missingFromPdf } from "@/lib/server/dossier/pdf-check";
import type { Dossier } from "@/lib/server/dossier/types";
import { quotesDossier } from "@/tests/support/dossier-quotes";

// Before the engine's first use (it reads both when it starts).
process.env.DOSSIER_RENDER_CONCURRENCY = "2";
delete process.env.DOSSIER_RENDER_TIMEOUT_MS;

const HEBREW = "שלום עולם, זהו מבחן";
const ARABIC = "مرحبا بالعالم، هذا اختبار";
const LINK = "https://example.org/stories/harbour?tab=sources&focus=42";

const META: PdfMeta = {
  title: "Dossier: Harbour tender",
  author: "Ana Editor",
  subject: "Story dossier",
  keywords: ["harbour", "tender"],
  createdAt: new Date("2026-03-01T10:15:30Z"),
  // Tags and ampersands must be shown as text, not interpreted.
  headerTitle: 'Harbour <b>tender</b> & "Co"',
  marking: "Internal — confidential",
};

function documentHtml(body: string, paragraphs = 60): string {
  const filler = Array.from(
    { length: paragraphs },
    (_, i) => `<p>Paragraph ${i + 1}. The harbour authority confirmed that the tender was reopened after the audit found irregularities in two of the five bids.</p>`,
  ).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Synthetic dossier</title><style>
${fontFaceCss()}
html { font-family: ${DOSSIER_FONT_FAMILY}; font-size: 11pt; line-height: 1.5; }
${SCRIPT_FONT_CSS}
</style></head><body><h1>Harbour tender</h1>${body}${filler}</body></html>`;
}

const SAMPLE = documentHtml(
  `<p dir="rtl" lang="he">${HEBREW}</p>
   <p dir="rtl" lang="ar">${ARABIC}</p>
   <p>Latin text with <b>bold</b>, <i>italic</i> and Łódź. Read <a href="${LINK.replaceAll("&", "&amp;")}">the source</a>.</p>`,
);

const copy = (bytes: Uint8Array) => new Uint8Array(bytes);
// The RLM (U+200F) that pdf-rtl-lines.ts adds to right-to-left labels for poppler, and the bidi
// embedding marks (U+202A–202E) pdftotext wraps right-to-left lines in: formatting, not text.
const unmarked = (line: string) => line.replace(/[\u200E\u200F\u202A-\u202E]/g, "").trim();
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const isPdf = (bytes: Uint8Array) => latin1(bytes.subarray(0, 5)) === "%PDF-";

// poppler-utils is a system package: .ci/run installs it, so CI never skips its checks.
const pdftotextInstalled = spawnSync("pdftotext", ["-v"]).error === undefined;
if (!pdftotextInstalled) {
  if (process.env.CI) throw new Error("pdftotext (poppler-utils) is missing: .ci/run installs it");
  console.warn("SKIPPED: the pdftotext checks of Hebrew and Arabic — install poppler-utils to run them");
}

/** pdftotext's text of a PDF (of one page when given), as a reader pastes it (or laid out as printed). */
function pdftotext(pdf: Uint8Array, page?: number, layout = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-rtl-"));
  try {
    fs.writeFileSync(path.join(dir, "rtl.pdf"), pdf);
    const pages = page === undefined ? [] : ["-f", String(page), "-l", String(page)];
    return execFileSync("pdftotext", ["-enc", "UTF-8", ...(layout ? ["-layout"] : []), ...pages, path.join(dir, "rtl.pdf"), "-"]).toString();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The output of a poppler or qpdf command on a PDF (its file name last, as pdfinfo, pdffonts and qpdf take it). */
function popplerTool(command: string, pdf: Uint8Array, args: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-pdf-"));
  try {
    fs.writeFileSync(path.join(dir, "doc.pdf"), pdf);
    return execFileSync(command, [...args, path.join(dir, "doc.pdf")]).toString();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let sample: Uint8Array;

beforeAll(async () => {
  await closePdfBrowser();
  sample = await renderPdf(SAMPLE, META);
}, 60_000);

afterAll(async () => {
  await closePdfBrowser();
});

describe("renderPdf", () => {
  it("prints a multi-page A4 PDF with the story's header, 'Page X of Y' footer and metadata", async () => {
    const doc = await getDocumentProxy(copy(sample));
    expect(doc.numPages).toBeGreaterThan(1);
    const { width, height } = (await doc.getPage(1)).getViewport({ scale: 1 });
    // A4 is 595 × 842 pt; playwright passes it as 8.27 × 11.7 in.
    expect(Math.abs(width - 595.3)).toBeLessThan(1.5);
    expect(Math.abs(height - 841.9)).toBeLessThan(1.5);

    const { text } = await extractText(doc, { mergePages: false });
    const pages = text as string[];
    pages.forEach((pageText, i) => {
      expect(pageText).toContain('Harbour <b>tender</b> & "Co"');
      expect(pageText).toContain("Internal — confidential");
      expect(pageText).toContain(`Page ${i + 1} of ${doc.numPages}`);
    });

    const { info } = (await getMeta(doc)) as { info: Record<string, unknown> };
    expect(info).toMatchObject({
      Title: META.title,
      Author: META.author,
      Subject: META.subject,
      Keywords: "harbour tender",
      Creator: "Storydesk",
      CreationDate: "D:20260301101530Z",
      ModDate: "D:20260301101530Z",
    });
  });

  it("stamps 'Page X of Y' after printing: on the right pages, in an embedded font, outside the tagged structure (pdf-stamp.ts)", async () => {
    if (!pdftotextInstalled) return;
    // Both of finishPdf's paths: with right-to-left text (sample) and without.
    const latin = await renderPdf(documentHtml("", 120), META);
    for (const pdf of [sample, latin]) {
      const pages = Number(/^Pages:\s+(\d+)$/m.exec(popplerTool("pdfinfo", pdf))![1]);
      expect(pages).toBeGreaterThan(1);
      for (let page = 1; page <= pages; page++) {
        const footers = pdftotext(pdf, page).match(/Page \d+ of \d+/g);
        expect(footers).toEqual([`Page ${page} of ${pages}`]);
      }
      // One /Type /Font per line: name, type, encoding, embedded, subset, unicode, object.
      expect(popplerTool("pdffonts", pdf)).toMatch(/^SDPAGE\+NotoSans-Regular\s+TrueType\s+WinAnsi\s+yes\s+yes\s+no\b/m);
      expect(popplerTool("qpdf", pdf, ["--check"])).toMatch(/No syntax or stream encoding errors found/);
      // The printed file, before finishPdf's update (its first %%EOF), has no footer.
      const printed = pdf.subarray(0, latin1(pdf).indexOf("%%EOF") + "%%EOF".length);
      expect(pdftotext(printed)).not.toMatch(/Page \d+ of/);
    }
    // Without right-to-left text (nothing relabelled) the tagged structure is the printed one: the stamp is an artifact.
    const printed = latin.subarray(0, latin1(latin).indexOf("%%EOF") + "%%EOF".length);
    const structure = popplerTool("pdfinfo", latin, ["-struct-text"]);
    expect(structure).toMatch(/^Document\n/);
    expect(structure).toBe(popplerTool("pdfinfo", printed, ["-struct-text"]));
  });

  it("sets the running header in the page's own fonts: a Hebrew title right to left, a long title cut with an ellipsis", async () => {
    // The body has no Hebrew: the Hebrew face is loaded and drawn for the header alone. (No comma:
    // on a mostly Latin page pdftotext reads a right-to-left line with one out of order, below.)
    const title = "שלום עולם זהו מבחן";
    const hebrew = await renderPdf(documentHtml("", 3), { ...META, headerTitle: title });
    expect(latin1(hebrew)).toMatch(/\/BaseFont\s*\/[A-Z]{6}\+NotoSansHebrew/);
    const [hebrewPage] = await pdfTextBlocks(hebrew);
    const header = hebrewPage!.filter((block) => block.mcid === null && block.clusters.some((c) => c.reversed));
    expect(header.map((block) => unmarked(readRightToLeft(block)))).toEqual([expect.stringContaining(title)]);
    if (pdftotextInstalled) expect(pdftotext(hebrew, 1).split("\n").map(unmarked)).toEqual(expect.arrayContaining([title, expect.stringMatching(/^Page 1 of \d+$/)]));

    const long = Array.from({ length: 20 }, (_, i) => `Harbour tender, part ${i + 1}`).join(" — ");
    const cut = await renderPdf(documentHtml("", 3), { ...META, headerTitle: long });
    const { text } = await extractText(await getDocumentProxy(copy(cut)), { mergePages: false });
    const firstPage = (text as string[])[0]!;
    expect(firstPage).toMatch(/Harbour tender, part 1 — Harbour tender, part 2 — .*…/);
    expect(firstPage).not.toContain("part 20");
    expect(firstPage).toContain("Internal — confidential");
    if (pdftotextInstalled) {
      // On one line with the marking, apart from it: the marking whole after the cut title.
      const line = pdftotext(cut, 1, true).split("\n").find((l) => l.includes("Harbour tender, part 1"));
      expect(line).toMatch(/…\s{2,}Internal — confidential$/);
    }
  });

  it("keeps links clickable", async () => {
    const doc = await getDocumentProxy(copy(sample));
    const annotations = (await (await doc.getPage(1)).getAnnotations()) as { subtype: string; url?: string }[];
    expect(annotations).toContainEqual(expect.objectContaining({ subtype: "Link", url: LINK }));
  });

  it("draws the text with the embedded fonts: Noto Sans, Noto Sans Hebrew and Vazirmatn (Arabic)", () => {
    const fonts = new Set([...latin1(sample).matchAll(/\/BaseFont\s*\/[A-Z]{6}\+([^\s/\]>]+)/g)].map((m) => m[1]));
    expect(fonts).toContain("NotoSans-Regular");
    expect(fonts).toContain("NotoSans-Bold");
    expect(fonts).toContain("NotoSans-Italic");
    expect([...fonts].some((name) => name!.startsWith("NotoSansHebrew"))).toBe(true);
    expect([...fonts].some((name) => name!.startsWith("Vazirmatn"))).toBe(true);
  });

  it("lays Hebrew and Arabic out right to left, shaped, with the logical text in the text layer", async () => {
    // What a reader that honours Chromium's /ReversedChars runs and /ActualText spans (poppler,
    // Acrobat) extracts: each line read from right to left is the logical string.
    const [firstPage] = await pdfTextBlocks(sample);
    const rtl = firstPage!.filter((block) => block.clusters.some((c) => c.reversed));
    expect(rtl.map((block) => unmarked(readRightToLeft(block)))).toEqual([HEBREW, ARABIC]);
    // And it is not the same string read the other way: the words really run right to left.
    expect(rtl.map(readLeftToRight)).not.toContain(HEBREW);
  });

  describe("Hebrew and Arabic copied out of the PDF, in logical order", () => {
    // The dossier's markup (scriptAttr: the script's own font first) and fonts (Vazirmatn
    // without presentation forms): see fonts.ts. Exact strings, as a reader pastes them.
    const LINES = [
      "אנחנו בודקים את הדיווח",
      "אנחנו מבררים את הדיווח",
      "שלום עולם זהו מבחן",
      "نحن نراجع التقارير",
      "اتبعنا كل القواعد في العقد",
      "قال المتحدث إن الميناء مغلق",
      "مرحبا بالعالم، هذا اختبار",
      // The lam-alef ligature: one glyph for two letters, labelled "لا" (pdf-rtl.ts).
      "لا نعرف بعد",
      // The issue's own sentence: a lam-alef, and a tanween on the line's last letter (a mark
      // glyph drawn first in the line, before its alef).
      "نحن نراجع التقارير وسنرد لاحقاً",
      // Marks inside a word: tanween, damma, fatha, shadda (a mark glyph and its letter in one span).
      "سنرد لاحقًا على الأسئلة",
      "مُحَمَّد",
      "تحدّث الوزير",
    ];
    // pdf.js puts a space before a mark that ends a word in the middle of a line ("شكرا ً"): it
    // sees the mark, drawn before its letter, follow the space between the words. pdftotext reads
    // these from the run's /ActualText (pdf-rtl.ts).
    const POPPLER_ONLY = ["شكراً جزيلاً", "رأيٌ آخر", "اللُّغَةُ الْعَرَبِيَّةُ جَمِيلَةٌ"];
    // Punctuation, numbers and Latin inside a right-to-left line: Chromium draws an ASCII comma or
    // colon, a number, a Latin word or a URL as runs of their own (pdf-rtl-lines.ts). pdftotext
    // reads them exactly — on this page, where right-to-left text is the majority: poppler picks
    // one direction per page, and on a mostly Latin page it reads any right-to-left line holding
    // one of these in a scrambled order, whatever the PDF says. pdf.js reads the runs in order but
    // drops the space between two runs ("باسمNATOإن"): it only makes spaces of gaps it moves
    // forward over, and a right-to-left line is read backwards.
    const MIXED = [
      "שלום עולם, זהו מבחן",
      "אמר: הנמל סגור",
      "قال: الميناء مغلق",
      "قال المتحدث باسم NATO إن الميناء مغلق",
      "הדובר של NATO אמר",
      "في عام 2024 أغلق الميناء",
      "בשנת 2024 נסגר הנמל",
      "ראו https://example.org/a עכשיו",
      "راجع https://example.org/a الآن",
    ];
    const POPPLER_LINES = [...LINES, ...POPPLER_ONLY, ...MIXED];
    let pdf: Uint8Array;
    beforeAll(async () => {
      pdf = await renderPdf(documentHtml([...LINES, ...POPPLER_ONLY, ...MIXED].map((line) => `<p dir="auto"${scriptAttr(line)}>${line}</p>`).join("\n"), 0), META);
    }, 60_000);

    it("Verify a copy's reader (pdf-text.ts) reads every right-to-left line exactly", async () => {
      const [page] = await pdfTextBlocks(pdf);
      const read = page!.filter((block) => block.clusters.some((c) => c.reversed)).map((block) => unmarked(readRightToLeft(block)));
      for (const line of [...LINES, ...POPPLER_ONLY]) expect(read).toContain(line);
    });

    it("Verify a copy (pdf-check.ts) finds every line in the PDF", async () => {
      // Only what missingFromPdf reads of a dossier: its title and the quotes.
      const quotes = [...LINES, ...POPPLER_ONLY, ...MIXED].map((text) => ({ text }));
      const dossier = { story: { title: "Harbour tender" }, quotes: [{ speaker: "Spokesperson", quotes }] } as unknown as Dossier;
      expect(await missingFromPdf(pdf, dossier)).toEqual([]);
    });

    it("pdf.js (unpdf) extracts every line exactly", async () => {
      const { text } = await extractText(await getDocumentProxy(copy(pdf)), { mergePages: false });
      const lines = (text as string[])[0]!.split("\n").map((line) => line.trim());
      for (const line of LINES) expect(lines).toContain(line);
    });

    it("pdf.js (unpdf) reads the runs of a line with punctuation, a number or Latin in reading order, without the spaces between runs", async () => {
      // Exactly the line but for the spaces where a Latin-font run (a comma, a colon, a number,
      // a Latin word, a URL) meets the Hebrew or Arabic: pdf.js (5.6, src/core/evaluator.js)
      // makes a space between two text items only from a gap it moves forward over
      // (compareWithLastPosition, addFakeSpaces), or from a space glyph followed by a glyph with
      // no move back in between; a move back calls resetLastChars() ("We're moving back so in
      // case the last char was a whitespace we cancel it"). A right-to-left line drawn in reading
      // order moves back at every run; drawn in visual order it keeps the spaces but gives the
      // runs in visual order. Each font change and each marked-content operator starts a new item
      // (buildTextContentItem, beginMarkedContent), and /ActualText is not read at all, so the
      // runs cannot be one item that pdf.js's own bidi() would order. If this fails because the
      // spaces came back, turn the exact check of MIXED on.
      const withoutRunSpaces = (line: string) => line.replace(/ (?=[A-Za-z0-9,:])|(?<=[A-Za-z0-9,:/]) /g, "");
      const { text } = await extractText(await getDocumentProxy(copy(pdf)), { mergePages: false });
      const lines = (text as string[])[0]!.split("\n").map((line) => line.trim());
      for (const line of MIXED) expect(lines).toContain(withoutRunSpaces(line));
    });

    it.skipIf(!pdftotextInstalled)("pdftotext (poppler) extracts every line exactly", () => {
      const out = pdftotext(pdf);
      const lines = out.split("\n").map(unmarked);
      for (const line of POPPLER_LINES) expect(lines).toContain(line);
    });

    // A dossier's page is mostly Latin: poppler then reads each line from the left, where a line
    // that ends with a mark starts ("ًنحن … لاحقا" before pdf-rtl-lines.ts).
    it.skipIf(!pdftotextInstalled)("pdftotext (poppler) extracts a line that ends with a mark exactly on a mostly Latin page", async () => {
      const ENDING_WITH_A_MARK = ["نحن نراجع التقارير وسنرد لاحقاً", "شكراً جزيلاً", "اللُّغَةُ الْعَرَبِيَّةُ جَمِيلَةٌ"];
      const latinPage = await renderPdf(documentHtml(ENDING_WITH_A_MARK.map((line) => `<p dir="auto"${scriptAttr(line)}>${line}</p>`).join("\n"), 20), META);
      const out = pdftotext(latinPage, 1);
      expect(out.match(/[A-Za-z]/g)!.length).toBeGreaterThan(out.match(/[\u0590-\u08FF]/g)!.length);
      const lines = out.split("\n").map(unmarked);
      for (const line of ENDING_WITH_A_MARK) expect(lines).toContain(line);
    });
  });

  describe("a dossier's quotes, in their own language's marks, on a mostly Latin page", () => {
    // As html.ts prints them: Hebrew ” … ”, Arabic ” … “ (lib/bidi.ts quoteMarks), English “ … ”.
    // The marks are drawn from the Latin font, as runs of their own at the line's two ends.
    const PLAIN: [string, string][] = [
      ["אנחנו בודקים את הדיווח", "he"],
      ["نحن نراجع التقارير وسنرد لاحقاً", "ar"],
      // A question mark is neutral for poppler: the line stays one right-to-left stretch.
      ["האם הנמל סגור?", "he"],
      ["هل الميناء مغلق؟", "ar"],
      ["We do not comment on operational matters.", "en"],
    ];
    const WITH_PUNCTUATION: [string, string][] = [
      ["שלום עולם, זהו מבחן", "he"],
      ["قال المتحدث باسم NATO إن الميناء مغلق", "ar"],
      ["בשנת 2024 נסגר הנמל", "he"],
      // A full stop is one of poppler's numbers: a sentence's own comes out at the line's start.
      ["אנחנו בודקים את הדיווח.", "he"],
      // The Arabic comma is a "number" for poppler too (UnicodeTypeTable.cc: U+060C is '#').
      ["مرحبا بالعالم، هذا اختبار", "ar"],
    ];
    const framed = ([text, language]: [string, string]) => (language === "ar" ? `”${text}“` : language === "he" ? `”${text}”` : `“${text}”`);
    const dossier = quotesDossier([...PLAIN, ...WITH_PUNCTUATION], {}, 3);
    let pdf: Uint8Array;
    beforeAll(async () => {
      pdf = await renderPdf(renderDossierHtml(dossier), META);
    }, 60_000);

    it("Verify a copy (pdf-check.ts) finds every quote, those with a comma, a number or a Latin word too", async () => {
      expect(await missingFromPdf(pdf, dossier)).toEqual([]);
    });

    it("pdf.js (unpdf) reads each quote exactly, its marks at its two ends, a full stop before the closing mark", async () => {
      // The full stop and the closing mark, or "?" and the mark, are one Latin-font run of
      // punctuation: drawn one glyph per run (pdf-rtl-lines.ts perGlyph), read in the line's order.
      const { text } = await extractText(await getDocumentProxy(copy(pdf)), { mergePages: true });
      const lines = (text as string).split("\n").map((line) => line.trim());
      for (const quote of [...PLAIN, ["אנחנו בודקים את הדיווח.", "he"] as [string, string]]) expect(lines).toContain(framed(quote));
    });

    it.skipIf(!pdftotextInstalled)("pdftotext (poppler) reads each quote exactly, its marks at its two ends", () => {
      const out = pdftotext(pdf, 2);
      // The quotes' page is mostly Latin (poppler reads it as a left-to-right page).
      expect(out.match(/[A-Za-z]/g)!.length).toBeGreaterThan(out.match(/[\u0590-\u08FF]/g)!.length);
      const lines = out.split("\n").map(unmarked);
      for (const quote of PLAIN) expect(lines).toContain(framed(quote));
    });

    // The limit, as poppler (TextOutputDev.cc) has it. It picks one direction per page, by
    // counting left-to-right letters against right-to-left ones (primaryLR = lrCount >= 0). On a
    // left-to-right page, reorderText takes a line as drawn, from the left, in stretches: what is
    // not right to left is copied as it is, and a stretch of anything but Latin letters and
    // "numbers" — which for poppler include + , - . / : ، and the digits — is reversed. A
    // right-to-left line holding a Latin word, a digit or an ASCII comma or colon therefore comes
    // out as its right-to-left stretches, each exact, in the order they stand from the left: the
    // reverse of reading order. Only a text layer stored in neither logical nor visual order
    // (each stretch reversed, the stretches in reading order) would come out right, and that
    // string is wrong for every other reader, for poppler's own right-to-left pages too
    // (measured: " זהו מבחן””,שלום עולם"). If this fails because the line came out exact, move
    // WITH_PUNCTUATION to PLAIN.
    it.skipIf(!pdftotextInstalled)("pdftotext (poppler), on that mostly Latin page, reads a quote with a comma, a number or a Latin word as its right-to-left stretches, each exact, from the left", () => {
      const out = pdftotext(pdf, 2);
      const lines = out.split("\n").map(unmarked);
      for (const quote of WITH_PUNCTUATION) {
        const stretches = quote[0].split(/[A-Za-z0-9+,\-./:\u060C]+/).map((stretch) => stretch.trim()).filter(Boolean);
        const line = lines.find((l) => stretches.every((stretch) => l.includes(stretch)));
        expect(line, quote[0]).toBeDefined();
        if (stretches.length > 1) expect(line!.indexOf(stretches.at(-1)!)).toBeLessThan(line!.indexOf(stretches[0]!));
        expect(line).not.toBe(framed(quote));
      }
    });
  });

  it("runs at most DOSSIER_RENDER_CONCURRENCY renders at once on one warm browser", async () => {
    await closePdfBrowser();
    const before = pdfEngineStats();
    expect(before.concurrency).toBe(2);
    const documents = [1, 2, 3, 4].map((n) => documentHtml(`<p>Copy ${n}</p>`, 40));
    const running = documents.map((html) => renderPdf(html, META));
    const results = await Promise.all(running);
    const after = pdfEngineStats();

    expect(results.every(isPdf)).toBe(true);
    for (const [i, pdf] of results.entries()) {
      const { text } = await extractText(await getDocumentProxy(copy(pdf)), { mergePages: true });
      expect(text).toContain(`Copy ${i + 1}`);
    }
    expect(after.launches - before.launches).toBe(1);
    expect(after.peakActive).toBe(2);
    expect(after.active).toBe(0);
    expect(after.renders - before.renders).toBe(4);
  });

  it("gives up on a render that takes too long, with PdfRenderError('timeout'), and the next render works", async () => {
    const launches = pdfEngineStats().launches;
    const failure = await renderPdf(SAMPLE, META, { timeoutMs: 30 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PdfRenderError);
    expect((failure as PdfRenderError).reason).toBe("timeout");

    const next = await renderPdf(documentHtml("<p>After the time-out</p>", 5), META);
    const { text } = await extractText(await getDocumentProxy(copy(next)), { mergePages: true });
    expect(text).toContain("After the time-out");
    expect(pdfEngineStats().launches).toBe(launches);
    // Nothing is left behind: no busy slot, no open context, the same browser.
    await expect.poll(() => pdfEngineStats()).toMatchObject({ active: 0, openContexts: 0 });
  });

  it("prints each render in a context of its own: the next one is made ahead, unused, and each used one is closed", async () => {
    // On a browser of its own: the time-out above is not awaited to its end (renderPdf rejects at
    // the deadline, its print winds down after), so its print may still leave a second spare on
    // the last browser (SPARES is 2) after the next test has begun (seen once in CI).
    await closePdfBrowser();
    await renderPdf(documentHtml("<p>First</p>", 1), META);
    const browser = await warmBrowser(engine());
    // Left behind: only the next render's context, with its one blank page.
    await expect.poll(() => browser.contexts().map((context) => context.pages().map((page) => page.url()))).toEqual([["about:blank"]]);
    const [ahead] = browser.contexts();
    await expect.poll(() => pdfEngineStats().openContexts).toBe(0);
    const second = await renderPdf(documentHtml("<p>Second</p>", 1), META);
    expect(isPdf(second)).toBe(true);
    // The second render used it and closed it; a new one waits for the third.
    await expect.poll(() => browser.contexts().length).toBe(1);
    expect(browser.contexts()[0]).not.toBe(ahead);
    // Its page is made after its context (pdf-browser.ts, newPrintPage): waited for, as above.
    await expect.poll(() => browser.contexts()[0]!.pages().map((page) => page.url())).toEqual(["about:blank"]);
  });

  it("primes the next render's page with the last document's head only: the next one with the same head gets only its title and body put in, and nothing of the last", async () => {
    await renderPdf(documentHtml(`<p dir="rtl" lang="he">${HEBREW}</p><p>FIRST-DOSSIER-ONLY</p>`, 1), META);
    const before = pdfEngineStats().primed;
    const second = documentHtml("<p>SECOND-DOSSIER-ONLY</p>", 1).replace("<title>Synthetic dossier</title>", "<title>Another dossier</title>");
    const pdf = await renderPdf(second, { ...META, headerTitle: "The second dossier" });
    expect(pdfEngineStats().primed).toBe(before + 1);
    const { text } = await extractText(await getDocumentProxy(copy(pdf)), { mergePages: true });
    expect(text).toContain("SECOND-DOSSIER-ONLY");
    expect(text).toContain("The second dossier");
    expect(text).toContain("Harbour tender");
    expect(text).not.toContain("FIRST-DOSSIER-ONLY");
    expect(text).not.toContain(HEBREW.split(" ")[0]);
    // Its fonts are embedded as when loaded with setContent: what it draws, not every face the page loaded.
    expect(latin1(pdf)).toMatch(/NotoSans-Regular/);
    expect(latin1(pdf)).not.toMatch(/NotoSansHebrew|Vazirmatn/);
    // Another head (here one more rule): loaded with setContent as it is.
    const other = await renderPdf(second.replace("</style>", "h1 { color: #b91c1c; }</style>"), META);
    expect(pdfEngineStats().primed).toBe(before + 1);
    expect((await extractText(await getDocumentProxy(copy(other)), { mergePages: true })).text).toContain("SECOND-DOSSIER-ONLY");
  });

  it("lets a dossier fetch nothing: no network request leaves, no local file is read", async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests += 1;
      res.end("body { color: red }");
    });
    const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
    const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-pdf-"));
    const secret = path.join(secretDir, "secret.html");
    fs.writeFileSync(secret, "<p>TOP-SECRET-LOCAL-FILE</p>");
    try {
      const local = `http://127.0.0.1:${port}`;
      const html = documentHtml(
        `<link rel="stylesheet" href="${local}/style.css">
         <style>@import url("${local}/import.css"); .bg { background: url("${local}/bg.png"); }</style>
         <img src="http://example.invalid/x.png" alt=""><img src="${local}/pixel.png" alt="">
         <iframe src="${local}/frame.html"></iframe><iframe src="file://${secret}"></iframe>
         <object data="file://${secret}"></object><div class="bg">Offline</div>
         <script>document.write("SCRIPT-RAN")</script>`,
        5,
      );
      const started = performance.now();
      const pdf = await renderPdf(html, META);
      expect(performance.now() - started).toBeLessThan(5_000);
      const { text } = await extractText(await getDocumentProxy(copy(pdf)), { mergePages: true });
      expect(text).toContain("Offline");
      expect(text).not.toContain("TOP-SECRET-LOCAL-FILE");
      expect(text).not.toContain("SCRIPT-RAN");
      expect(requests).toBe(0);
    } finally {
      server.close();
      fs.rmSync(secretDir, { recursive: true, force: true });
    }
  });

  it("launches a new browser when the warm one has died", async () => {
    await renderPdf(documentHtml("", 1), META);
    const pid = pdfBrowserPid();
    expect(pid).toBeTypeOf("number");
    expect(fs.readFileSync(`/proc/${pid}/cmdline`, "latin1")).toContain("--remote-debugging-pipe");
    const before = pdfEngineStats().launches;
    process.kill(pid!, "SIGKILL");
    await expect.poll(() => pdfBrowserPid()).toBeUndefined();

    const pdf = await renderPdf(documentHtml("<p>Relaunched</p>", 1), META);
    expect(isPdf(pdf)).toBe(true);
    expect(pdfEngineStats().launches).toBe(before + 1);
    expect(pdfBrowserPid()).not.toBe(pid);
  });

  it("fails a render whose Chromium dies in the middle of it with PdfRenderError('browser'), and the next render works", async () => {
    await renderPdf(documentHtml("", 1), META); // a warm browser
    const pid = pdfBrowserPid()!;
    const long = renderPdf(documentHtml("<p>Long</p>", 4000), META);
    await expect.poll(() => pdfEngineStats().openContexts, { timeout: 10_000, interval: 5 }).toBeGreaterThan(0);
    process.kill(pid, "SIGKILL");
    const error = await long.then(() => null, (failure: unknown) => failure);
    expect(error).toBeInstanceOf(PdfRenderError);
    expect((error as PdfRenderError).reason).toBe("browser");
    expect(isPdf(await renderPdf(documentHtml("<p>After</p>", 1), META))).toBe(true);
  }, 60_000);
});
