import zlib from "node:zlib";
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFContext, type PDFObject } from "@cantoo/pdf-lib";
import type { UpdatedObject } from "./pdf-metadata";
import { orderRtlLines } from "./pdf-rtl-lines";
import { fromUtf16Hex, parseToUnicode, utf16Hex } from "./pdf-text";

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
// 3. a mark drawn first in such a run is drawn last in it, at the same place (see labelRun).
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
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

// Streams are inflated and deflated by Node's zlib: pdf-lib's JavaScript Flate took ~0.3 s to read
// a 136-page dossier's content streams and ~0.4 s to compress the replaced ones (profiled,
// 2026-12-01). Anything but plain Flate goes through pdf-lib's decoders.
function streamText(stream: PDFRawStream): string {
  const plain = stream.dict.get(PDFName.of("Filter")) === PDFName.of("FlateDecode") && !stream.dict.has(PDFName.of("DecodeParms"));
  return latin1(plain ? zlib.inflateSync(stream.contents) : decodePDFRawStream(stream).decode());
}

const flateStream = (context: PDFContext, text: string) => PDFRawStream.of(context.obj({ Filter: "FlateDecode" }), zlib.deflateSync(Buffer.from(text, "latin1")));

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

type Learned = { font: string; code: number; text: string };
type Matrix = [number, number, number, number, number, number];
type Labelled = { lines: string[]; font: string; matrix: Matrix; learned: Learned[] };

const NUMBER = String.raw`-?(?:\d+\.?\d*|\.\d+)`;
const TF = new RegExp(String.raw`^/(\S+)\s+${NUMBER}\s+Tf$`);
const TM = new RegExp(String.raw`^(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+Tm$`);
const TD_TJ = new RegExp(String.raw`^(?:(${NUMBER})\s+(${NUMBER})\s+Td)?\s*(?:<([0-9A-Fa-f]+)>\s*Tj)?$`);
const SPAN = /^\/Span\s*<<\s*\/ActualText\s*<(?:FEFF|feff)([0-9A-Fa-f]*)>\s*>>\s*BDC$/;
const RUN_SPAN = "\u0000run span\u0000";
/** A span with no text: its glyphs' text is said elsewhere (in the run's span). */
export const EMPTY_SPAN = "/Span<</ActualText <FEFF> >> BDC";

const codesOf = (hex: string) => hex.match(/[0-9A-Fa-f]{4}/g)?.map((code) => parseInt(code, 16)) ?? [];
const usable = (text: string | undefined): text is string => text !== undefined && text !== "" && !text.includes("\0");
const isMark = (text: string | undefined) => usable(text) && /^\p{Mn}+$/u.test(text);
const num = (n: number) => String(Math.round(n * 1000) / 1000);
const translate = (m: Matrix, tx: number, ty: number): Matrix => [m[0], m[1], m[2], m[3], tx * m[0] + ty * m[2] + m[4], tx * m[1] + ty * m[3] + m[5]];

/**
 * One /ReversedChars run (its lines between BMC and EMC) labelled as a whole: its ActualText
 * spans (one per mark and its letter) removed and one span around the run whose text is the
 * run's text in drawing order — poppler then reads the run from that one span. A mark glyph Skia
 * left without a ToUnicode entry (it named it only in its span) is learned from the span when it
 * is the only such glyph there.
 *
 * pdf.js ignores the span and reads the glyphs: a mark drawn first in the run (a mark on the
 * line's last letter, as in "لاحقاً") would open a text item that the letter after it, compared
 * with the previous line, closes again — the mark then ends the line before. Such leading marks
 * are drawn last instead, each in a marked-content section of its own (a text item of its own,
 * read after the line's item: the end of the line), at the same place. They are drawn after the
 * run's span is closed, each in an empty span: poppler takes the span's width from its first
 * glyph to its last, and a mark at the left end drawn last in it made the line's text zero wide
 * (a quote's closing mark to its right then came out as a line of its own). Their text is in
 * the run's span already.
 *
 * Null when the run is not of the form Skia writes or a glyph's text is unknown (the run is then
 * left as it is).
 */
function labelRun(lines: string[], fonts: Map<string, Map<number, string>>, font: string, matrix: Matrix): Labelled | null {
  const out: string[] = [];
  const learned: Learned[] = [];
  const drawn: { font: string; matrix: Matrix; hex: string; at: number; text: string | undefined }[] = [];
  let f = font;
  let m: Matrix = [...matrix];
  let text = "";
  let span: { actual: string; glyphs: { font: string; code: number }[] } | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    let match: RegExpExecArray | null;
    if (!line) continue;
    if ((match = TF.exec(line))) {
      f = match[1]!;
      out.push(line);
    } else if ((match = TM.exec(line))) {
      m = match.slice(1, 7).map(Number) as Matrix;
      out.push(line);
    } else if ((match = SPAN.exec(line))) {
      if (span) return null;
      span = { actual: fromUtf16Hex(match[1]!), glyphs: [] };
    } else if (line === "EMC") {
      if (!span) return null;
      const visual = reverse(span.actual);
      const known = span.glyphs.map((g) => fonts.get(g.font)?.get(g.code));
      const unknown = known.flatMap((t, i) => (usable(t) ? [] : [i]));
      if (unknown.length === 1) {
        const i = unknown[0]!;
        const before = known.slice(0, i).join("");
        const after = known.slice(i + 1).join("");
        const middle = visual.startsWith(before) && visual.endsWith(after) ? visual.slice(before.length, visual.length - after.length) : "";
        if (middle) learned.push({ ...span.glyphs[i]!, text: middle });
      }
      text += visual;
      span = undefined;
    } else if ((match = TD_TJ.exec(line)) && (match[1] !== undefined || match[3] !== undefined)) {
      if (match[1] !== undefined) {
        m = translate(m, Number(match[1]), Number(match[2]));
        out.push(`${match[1]} ${match[2]} Td`);
      }
      const hex = match[3];
      if (hex === undefined) continue;
      // The run's span opens at its first glyph: poppler takes the span's place from there.
      if (drawn.length === 0) out.push(RUN_SPAN);
      const codes = codesOf(hex);
      const glyphText = codes.length === 1 ? fonts.get(f)?.get(codes[0]!) : undefined;
      drawn.push({ font: f, matrix: m, hex, at: out.length, text: glyphText });
      out.push(`<${hex}> Tj`);
      for (const code of codes) {
        if (span) span.glyphs.push({ font: f, code });
        else {
          const glyph = fonts.get(f)?.get(code);
          if (!usable(glyph)) return null;
          text += glyph;
        }
      }
    } else return null;
  }
  if (span || drawn.length === 0) return null;
  out[out.indexOf(RUN_SPAN)] = `/Span<</ActualText <FEFF${utf16Hex(text)}> >> BDC`;

  const learnedText = (g: (typeof drawn)[number]) => g.text ?? learned.find((l) => l.font === g.font && `${l.code.toString(16).padStart(4, "0")}` === g.hex.toLowerCase())?.text;
  const leading: typeof drawn = [];
  for (const glyph of drawn) {
    if (!isMark(learnedText(glyph))) break;
    leading.push(glyph);
  }
  if (leading.length > 0 && leading.length < drawn.length) {
    for (const glyph of leading) out[glyph.at] = "";
    out.push("EMC");
    let current = f;
    for (const glyph of leading) {
      out.push(EMPTY_SPAN);
      if (glyph.font !== current) out.push(`/${(current = glyph.font)} ${fontSizeOf(lines, glyph.font)} Tf`);
      out.push(`${glyph.matrix.map(num).join(" ")} Tm`, `<${glyph.hex}> Tj`, "EMC");
    }
    // What follows the run is placed relative to its line matrix, in its font.
    if (current !== f) out.push(`/${f} ${fontSizeOf(lines, f)} Tf`);
    out.push(`${m.map(num).join(" ")} Tm`);
  } else out.push("EMC");
  return { lines: out.filter((line) => line !== ""), font: f, matrix: m, learned };
}

/** The size a run sets `font` at (the last Tf naming it). */
function fontSizeOf(lines: string[], font: string): string {
  const sizes = lines.flatMap((line) => new RegExp(String.raw`^/${font.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\s+(${NUMBER})\s+Tf$`).exec(line.trim())?.[1] ?? []);
  return sizes.at(-1) ?? "1";
}

/** A page's content with its /ReversedChars runs that hold spans labelled whole (see labelRun), or null. */
export function labelReversedRuns(content: string, fonts: Map<string, Map<number, string>>): { content: string; learned: Learned[] } | null {
  // Most pages of a dossier have no right-to-left line: not worth reading line by line.
  if (!content.includes("/ReversedChars")) return null;
  const lines = content.split(/\r?\n/);
  const out: string[] = [];
  const learned: Learned[] = [];
  // The text state (font, matrix) is known before line `from`; it is brought up to a run only
  // when one is found (stateBefore): most lines show a glyph and change nothing that matters.
  let from = 0;
  let known: { font: string; matrix: Matrix } = { font: "", matrix: [1, 0, 0, 1, 0, 0] };
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.includes("/ReversedChars") || lines[i]!.trim() !== "/ReversedChars BMC") {
      out.push(lines[i]!);
      continue;
    }
    known = stateBefore(lines, i, from, known);
    from = i;
    // The run's lines up to its own EMC (a span inside opens and closes one level).
    let depth = 1;
    let end = i + 1;
    for (; end < lines.length; end++) {
      const inner = lines[end]!.trim();
      if (/B(?:D|M)C$/.test(inner)) depth++;
      else if (inner === "EMC" && --depth === 0) break;
    }
    const body = lines.slice(i + 1, end);
    const run = body.some((l) => SPAN.test(l.trim())) ? labelRun(body, fonts, known.font, known.matrix) : null;
    if (run) {
      out.push(lines[i]!, ...run.lines, lines[end] ?? "EMC");
      learned.push(...run.learned);
      known = { font: run.font, matrix: run.matrix };
      from = end + 1;
      changed = true;
      i = end;
      continue;
    }
    out.push(lines[i]!);
  }
  return changed ? { content: out.join("\n"), learned } : null;
}

/**
 * The font and text matrix before line `at`, from those before line `from`: the last Tf, and the
 * last BT or Tm with the Td moves after it — what reading every line in between would give.
 */
function stateBefore(lines: string[], at: number, from: number, known: { font: string; matrix: Matrix }): { font: string; matrix: Matrix } {
  let font = known.font;
  for (let k = at - 1; k >= from; k--) {
    const line = lines[k]!.includes("Tf") ? lines[k]!.trim() : "";
    const match = line.endsWith("Tf") ? TF.exec(line) : null;
    if (match) {
      font = match[1]!;
      break;
    }
  }
  let matrix = known.matrix;
  let start = from;
  for (let k = at - 1; k >= from; k--) {
    const line = lines[k]!.trim();
    if (line === "BT") matrix = [1, 0, 0, 1, 0, 0];
    else {
      const match = line.endsWith("Tm") ? TM.exec(line) : null;
      if (!match) continue;
      matrix = match.slice(1, 7).map(Number) as Matrix;
    }
    start = k + 1;
    break;
  }
  for (let k = start; k < at; k++) {
    const line = lines[k]!.trim();
    let match: RegExpExecArray | null;
    if (line.endsWith("Tf") && TF.test(line)) continue;
    if (line.includes("Td") && (match = TD_TJ.exec(line)) && match[1] !== undefined) matrix = translate(matrix, Number(match[1]), Number(match[2]));
  }
  return { font, matrix };
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
 * Labels the right-to-left text of a PDF in reading order (see the top of this file) and returns
 * the objects that replace the file's own (pages' content streams, ToUnicode CMaps; none when
 * nothing changed): an incremental update writes them (finishPdf in pdf-finish.ts). The CMaps
 * are those of the fonts the pages use (Chromium draws all text in page content).
 */
export function relabelRtlText(pdf: RtlSource): UpdatedObject[] {
  const { context } = pdf;
  const replaced: UpdatedObject[] = [];
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
      const labelled = labelReversedRuns(original, fonts);
      // Then each right-to-left line of several runs in reading order (pdf-rtl-lines.ts).
      const ordered = orderRtlLines(labelled?.content ?? original, fonts);
      if (labelled === null && ordered === null) continue;
      replaced.push({ ref, object: flateStream(context, ordered ?? labelled!.content) });
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
    replaced.push({ ref: cmap.ref, object: flateStream(context, withEntries(cmap.text, learned)) });
  }
  return replaced;
}
