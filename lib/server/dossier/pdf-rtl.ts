import { promisify } from "node:util";
import zlib from "node:zlib";
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFContext, type PDFObject } from "@cantoo/pdf-lib";
import type { UpdatedObject } from "./pdf-metadata";
import { orderRtlLineList } from "./pdf-rtl-lines";
import { contentLines, labelReversedRunLines } from "./pdf-rtl-runs";
import { fromUtf16Hex, latin1, parseToUnicode, utf16Hex } from "./pdf-text";

export { EMPTY_SPAN, labelReversedRuns } from "./pdf-rtl-runs";

// Makes the right-to-left text of a Chromium (Skia) PDF copy out in logical order with poppler
// (pdftotext) and pdf.js. Skia draws a right-to-left line as one glyph run in visual order (left
// to right) inside `/ReversedChars` marked content, and labels each glyph — or each cluster of a
// letter and its marks, in an `/ActualText` span — with its text in logical order. Both
// extractors lay the characters of one glyph or one span out left to right across its width and
// then read the line right to left, so anything labelled with several characters came out
// reversed: the lam-alef ligature (one glyph, "لا") as "ال", a tanween on alef ("اً") as "ًا".
// pdf.js also ignores the spans and starts a new text item at each of them, and poppler split
// words at them ("لاحقً ا").
//
// What this step changes (PDF 32000-1 §14.8.2.3.3: the text inside /ReversedChars is the reverse
// of the logical text; Skia reverses the order of its glyphs but not the text of one glyph):
// 1. a ToUnicode entry of several characters that reads right to left is stored reversed (the
//    ligature then copies out as "لا" in both tools);
// 2. a /ReversedChars run that holds spans is labelled by one span of its own, whose text is the
//    run's text in drawing order, instead of one span per mark (poppler reads the run from it;
//    pdf.js reads its glyphs in one text item), and a mark glyph Skia left without a ToUnicode
//    entry gets one when its span says what it is;
// 3. a mark drawn first in such a run is drawn last in it, at the same place (labelRun in pdf-rtl-runs.ts).
// The page looks the same (the same glyphs at the same places: measured pixel-identical with
// pdftoppm). Runs of another form than Skia's (any operator but Tf, Tm, Td, Tj and the spans)
// are left as they are.

const RTL_STRONG = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

/**
 * Any right-to-left character: the blocks of the right-to-left scripts (Hebrew to Arabic
 * Extended-A, their presentation forms, and the two ranges Unicode keeps for right-to-left
 * scripts outside the BMP) and the right-to-left marks and embeddings. A page whose fonts map no
 * glyph to one of these is not read (its content streams not even inflated): both steps below
 * change only text inside /ReversedChars, which Skia writes around a run of odd bidi level, and
 * such a run holds no letter but a right-to-left one — on a page without one, only neutral
 * characters (spaces, punctuation) of a right-to-left paragraph. Those runs are left as they are,
 * as in a document with no right-to-left letter at all (pdf.ts does not relabel it). On the
 * bench's 1,000-entry dossier 90 of 127 pages are skipped, the output byte-identical.
 */
const RTL_ANY = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200F\u202B\u202E\u2067]|[\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;
const LTR_STRONG = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/u;

/** True when the first strong character of `text` is right-to-left. */
function readsRightToLeft(text: string): boolean {
  for (const ch of text) {
    if (RTL_STRONG.test(ch)) return true;
    if (LTR_STRONG.test(ch)) return false;
  }
  return false;
}

const reverse = (text: string) => [...text].reverse().join("");

// Streams are inflated and deflated by Node's zlib: pdf-lib's JavaScript Flate took ~0.3 s to read
// a 136-page dossier's content streams and ~0.4 s to compress the replaced ones (profiled,
// 2026-12-01). Anything but plain Flate goes through pdf-lib's decoders. The replaced streams are
// deflated off the main thread (zlib's asynchronous call runs on libuv's thread pool) while the
// next pages are labelled: on the bench's print ~2 MB of content, ~10–15 ms of CPU, ~2–4 ms of it
// left on the main thread. Inflating stays synchronous: ~2 ms for the same pages, and the
// asynchronous call's 16 KB chunks cost the main thread more than that (measured, 2026-12-01).
function streamText(stream: PDFRawStream): string {
  const plain = stream.dict.get(PDFName.of("Filter")) === PDFName.of("FlateDecode") && !stream.dict.has(PDFName.of("DecodeParms"));
  return latin1(plain ? zlib.inflateSync(stream.contents) : decodePDFRawStream(stream).decode());
}

const deflate = promisify(zlib.deflate);

/** A Flate stream of `text`, deflated on the thread pool. */
const flateStream = async (context: PDFContext, text: string) => PDFRawStream.of(context.obj({ Filter: "FlateDecode" }), await deflate(Buffer.from(text, "latin1")));

/** The CMap with its multi-character right-to-left bfchar entries reversed, or null if none. */
function reverseToUnicode(cmap: string): string | null {
  let changed = false;
  const out = cmap.replace(/beginbfchar([\s\S]*?)endbfchar/g, (section) =>
    section.replace(/<([0-9A-Fa-f]+)>(\s*)<([0-9A-Fa-f]{8,})>/g, (entry, code: string, space: string, hex: string) => {
      const text = fromUtf16Hex(hex);
      if ([...text].length < 2 || !readsRightToLeft(text)) return entry;
      changed = true;
      return `<${code}>${space}<${utf16Hex(reverse(text))}>`;
    }),
  );
  return changed ? out : null;
}

/** A page's content streams, by reference (a reference to a stream, or an array of them). */
function contentStreams(pdf: RtlSource, contents: PDFObject | undefined): { ref: PDFRef; stream: PDFRawStream }[] {
  const resolved = contents instanceof PDFRef ? pdf.lookup(contents) : contents;
  const refs = resolved instanceof PDFArray ? resolved.asArray() : [contents];
  return refs.flatMap((ref) => {
    if (!(ref instanceof PDFRef)) return [];
    const stream = pdf.lookup(ref);
    return stream instanceof PDFRawStream ? [{ ref, stream }] : [];
  });
}

/** The CMap with `learned` glyph texts set (an entry replaced, or added in a bfchar section of its own). */
function withEntries(cmap: string, learned: Map<number, string>): string {
  let out = cmap;
  const added: string[] = [];
  for (const [code, text] of learned) {
    const hex = code.toString(16).padStart(4, "0").toUpperCase();
    const entry = new RegExp(`<${hex}>(\\s*)<[0-9A-Fa-f]*>`, "i");
    if (entry.test(out)) out = out.replace(entry, `<${hex}>$1<${utf16Hex(text)}>`);
    else added.push(`<${hex}> <${utf16Hex(text)}>`);
  }
  if (added.length === 0) return out;
  return out.replace(/endcmap/, `${added.length} beginbfchar\n${added.join("\n")}\nendbfchar\nendcmap`);
}

/** What the relabelling reads of a PDF: its objects and its pages (pdf-printed.ts, or a PDFDocument). */
export type RtlSource = {
  /** Makes the replacement streams. */
  context: PDFContext;
  lookup(object: PDFObject | undefined): PDFObject | undefined;
  pages(): { resources: PDFDict | undefined; contents: PDFObject | undefined }[];
};

/**
 * Labels the right-to-left text of a PDF in reading order (see the top of this file) and resolves
 * to the objects that replace the file's own (pages' content streams, ToUnicode CMaps; none when
 * nothing changed): an incremental update writes them (finishPdf in pdf-finish.ts). The CMaps
 * are those of the fonts the pages use (Chromium draws all text in page content).
 */
export async function relabelRtlText(pdf: RtlSource): Promise<UpdatedObject[]> {
  const { context } = pdf;
  const replaced: Promise<UpdatedObject>[] = [];
  // Every ToUnicode CMap, by reference, with its right-to-left entries reversed.
  const cmaps = new Map<string, { ref: PDFRef; text: string; changed: boolean; glyphs: Map<number, string>; rtl: boolean; learned: Map<number, string | null> }>();
  const toUnicodeOf = (font: PDFObject | undefined) => {
    const dict = pdf.lookup(font);
    const ref = dict instanceof PDFDict ? dict.get(PDFName.of("ToUnicode")) : undefined;
    if (!(ref instanceof PDFRef)) return undefined;
    let cmap = cmaps.get(ref.toString());
    if (!cmap) {
      const stream = pdf.lookup(ref);
      if (!(stream instanceof PDFRawStream)) return undefined;
      const original = streamText(stream);
      const reversed = reverseToUnicode(original);
      const text = reversed ?? original;
      const glyphs = parseToUnicode(text);
      cmap = { ref, text, changed: reversed !== null, glyphs, rtl: [...glyphs.values()].some((glyph) => RTL_ANY.test(glyph)), learned: new Map() };
      cmaps.set(ref.toString(), cmap);
    }
    return cmap;
  };
  for (const page of pdf.pages()) {
    const resources = pdf.lookup(page.resources?.get(PDFName.of("Font")));
    const pageCmaps = new Map<string, NonNullable<ReturnType<typeof toUnicodeOf>>>();
    for (const [name, font] of resources instanceof PDFDict ? resources.entries() : []) {
      const cmap = toUnicodeOf(font);
      if (cmap) pageCmaps.set(name.decodeText(), cmap);
    }
    // A page none of whose fonts draws a right-to-left letter is left unread (see RTL_ANY).
    if (![...pageCmaps.values()].some((cmap) => cmap.rtl)) continue;
    const fonts = new Map([...pageCmaps].map(([name, cmap]) => [name, cmap.glyphs]));
    for (const { ref, stream } of contentStreams(pdf, page.contents)) {
      const original = streamText(stream);
      // Both passes change only what is inside /ReversedChars; they share one split of the content.
      if (!original.includes("/ReversedChars")) continue;
      const lines = contentLines(original);
      const labelled = labelReversedRunLines(lines, fonts);
      // Then each right-to-left line of several runs in reading order (pdf-rtl-lines.ts).
      const ordered = orderRtlLineList(labelled?.lines ?? lines, fonts);
      if (labelled === null && ordered === null) continue;
      // Deflated on the thread pool while the next pages are labelled; marked handled here, so a
      // failure surfaces where all are awaited (below), not as an unhandled rejection.
      const update = flateStream(context, (ordered ?? labelled!.lines).join("\n")).then((object) => ({ ref, object }));
      update.catch(() => undefined);
      replaced.push(update);
      for (const { font, code, text } of labelled?.learned ?? []) {
        const learned = pageCmaps.get(font)?.learned;
        // A glyph seen with two different texts is left as it was.
        if (learned) learned.set(code, learned.has(code) && learned.get(code) !== text ? null : text);
      }
    }
  }
  for (const cmap of cmaps.values()) {
    const learned = new Map([...cmap.learned].filter((entry): entry is [number, string] => entry[1] !== null));
    if (!cmap.changed && learned.size === 0) continue;
    replaced.push(flateStream(context, withEntries(cmap.text, learned)).then((object) => ({ ref: cmap.ref, object })));
  }
  return Promise.all(replaced);
}
