import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFObject } from "@cantoo/pdf-lib";

// Makes the right-to-left text of a Chromium (Skia) PDF copy out in logical order with poppler
// (pdftotext) and pdf.js. Skia draws a right-to-left line as one glyph run in visual order (left
// to right) inside `/ReversedChars` marked content, and labels each glyph with text in logical
// order. Both extractors lay a glyph's or a span's characters out left to right across its width
// and then read the line right to left, so anything labelled with several characters comes out
// reversed: the lam-alef ligature (one glyph, "لا") became "ال", a tanween on alef ("اً", drawn
// as a mark glyph plus the alef inside an `/ActualText` span) became "ًا". And pdf.js starts a
// new text item at every marked-content span and joins the items in drawing order, so a span
// inside a line moved to the wrong end of it.
//
// What this step changes (PDF 32000-1 §14.8.2.3.3: inside /ReversedChars the text of the content
// is the reverse of the logical text — Skia reverses the glyph order but not the text of one glyph
// or one span):
// 1. a ToUnicode entry of several characters that reads right to left is stored reversed;
// 2. an /ActualText inside /ReversedChars is stored reversed;
// 3. a /ReversedChars run holding spans is drawn from its right end to its left end, piece by
//    piece (each glyph placed with an absolute Tm), so the drawing order is the reading order.
// The drawing does not change: the same glyphs at the same positions in the same fonts.
// Runs this does not recognise (any operator but Tf, Tm, Td, Tj and the span) are left as they are.

const RTL_STRONG = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
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
const utf16Hex = (text: string) =>
  [...text]
    .flatMap((ch) => {
      const code = ch.codePointAt(0)!;
      if (code < 0x10000) return [code];
      const v = code - 0x10000;
      return [0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff)];
    })
    .map((unit) => unit.toString(16).padStart(4, "0").toUpperCase())
    .join("");
const fromUtf16Hex = (hex: string) => {
  let out = "";
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
};

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

type Matrix = [number, number, number, number, number, number];
type Glyph = { font: string; matrix: Matrix; hex: string };
type Piece = { actualText?: string; glyphs: Glyph[] };

const NUMBER = String.raw`-?(?:\d+\.?\d*|\.\d+)`;
const TF = new RegExp(String.raw`^(/\S+\s+${NUMBER})\s+Tf$`);
const TM = new RegExp(String.raw`^(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+Tm$`);
const TD_TJ = new RegExp(String.raw`^(?:(${NUMBER})\s+(${NUMBER})\s+Td\s*)?(?:<([0-9A-Fa-f]+)>\s*Tj)?$`);
const SPAN = /^\/Span\s*<<\s*\/ActualText\s*<(?:FEFF|feff)([0-9A-Fa-f]*)>\s*>>\s*BDC$/;

const num = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * One /ReversedChars run (the lines between its BMC and EMC) drawn right to left, with its
 * ActualText reversed; the font and line matrix in effect before it; null if it is not a run
 * of the form Skia writes (left unchanged then).
 */
function reorderRun(lines: string[], font: string, matrix: Matrix): { lines: string[]; font: string; matrix: Matrix } | null {
  const pieces: Piece[] = [];
  let span: Piece | undefined;
  let loose: Piece | undefined;
  let m: Matrix = [...matrix];
  let f = font;
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    let match: RegExpExecArray | null;
    if ((match = TF.exec(line))) f = match[1]!;
    else if ((match = TM.exec(line))) m = match.slice(1, 7).map(Number) as Matrix;
    else if ((match = SPAN.exec(line))) {
      if (span) return null;
      span = { actualText: fromUtf16Hex(match[1]!), glyphs: [] };
      loose = undefined;
    } else if (line === "EMC") {
      if (!span) return null;
      pieces.push(span);
      span = undefined;
    } else if ((match = TD_TJ.exec(line)) && (match[1] !== undefined || match[3] !== undefined)) {
      if (match[1] !== undefined) {
        const [tx, ty] = [Number(match[1]), Number(match[2])];
        m = [m[0], m[1], m[2], m[3], tx * m[0] + ty * m[2] + m[4], tx * m[1] + ty * m[3] + m[5]];
      }
      if (match[3] === undefined) continue;
      const glyph = { font: f, matrix: m, hex: match[3] };
      if (span) span.glyphs.push(glyph);
      else {
        if (!loose) pieces.push((loose = { glyphs: [] }));
        loose.glyphs.push(glyph);
      }
    } else return null;
  }
  if (span) return null;
  const out: string[] = [];
  let emittedFont: string | undefined;
  let at: Matrix | undefined;
  // A piece's first glyph is placed with Tm, the next ones with Td from it as Skia wrote them
  // (pdf.js keeps a mark and its letter in one text item only when they are joined by Td).
  const moveTo = (glyph: Glyph) => {
    if (glyph.font !== emittedFont) out.push(`${(emittedFont = glyph.font)} Tf`);
    const [a, b, c, d, e, f] = glyph.matrix;
    const det = a * d - b * c;
    if (at && at[0] === a && at[1] === b && at[2] === c && at[3] === d && det !== 0) {
      const [dx, dy] = [e - at[4], f - at[5]];
      out.push(`${num((dx * d - dy * c) / det)} ${num((dy * a - dx * b) / det)} Td`);
    } else out.push(`${glyph.matrix.map(num).join(" ")} Tm`);
    at = glyph.matrix;
  };
  const place = (glyph: Glyph) => {
    moveTo(glyph);
    out.push(`<${glyph.hex}> Tj`);
  };
  for (const piece of [...pieces].reverse()) {
    at = undefined;
    if (piece.actualText === undefined) {
      piece.glyphs.forEach(place);
      continue;
    }
    // The first glyph's font and position are set before the span begins: poppler takes the
    // span's place from the state at its start.
    const [first, ...rest] = piece.glyphs;
    if (first) moveTo(first);
    out.push(`/Span<</ActualText <FEFF${utf16Hex(reverse(piece.actualText))}> >> BDC`);
    if (first) out.push(`<${first.hex}> Tj`);
    rest.forEach(place);
    out.push("EMC");
  }
  // Leave the font and line matrix as the original run left them: what follows is relative.
  if (f !== emittedFont) out.push(`${f} Tf`);
  out.push(`${m.map(num).join(" ")} Tm`);
  return { lines: out, font: f, matrix: m };
}

/** A page's content with its /ReversedChars runs that hold spans rewritten (see reorderRun), or null. */
export function reorderReversedRuns(content: string): string | null {
  const lines = content.split(/\r?\n/);
  const out: string[] = [];
  let font = "";
  let matrix: Matrix = [1, 0, 0, 1, 0, 0];
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    let match: RegExpExecArray | null;
    if (line === "BT") matrix = [1, 0, 0, 1, 0, 0];
    else if ((match = TF.exec(line))) font = match[1]!;
    else if ((match = TM.exec(line))) matrix = match.slice(1, 7).map(Number) as Matrix;
    else if ((match = TD_TJ.exec(line)) && match[1] !== undefined) {
      const [tx, ty] = [Number(match[1]), Number(match[2])];
      matrix = [matrix[0], matrix[1], matrix[2], matrix[3], tx * matrix[0] + ty * matrix[2] + matrix[4], tx * matrix[1] + ty * matrix[3] + matrix[5]];
    } else if (line === "/ReversedChars BMC") {
      // The run's lines up to its own EMC (a span inside opens and closes one level).
      let depth = 1;
      let end = i + 1;
      for (; end < lines.length; end++) {
        const inner = lines[end]!.trim();
        if (/B(?:D|M)C$/.test(inner)) depth++;
        else if (inner === "EMC" && --depth === 0) break;
      }
      const body = lines.slice(i + 1, end);
      const run = body.some((l) => SPAN.test(l.trim())) ? reorderRun(body, font, matrix) : null;
      if (run) {
        out.push(lines[i]!, ...run.lines, lines[end] ?? "EMC");
        font = run.font;
        matrix = run.matrix;
        changed = true;
        i = end;
        continue;
      }
    }
    out.push(lines[i]!);
  }
  return changed ? out.join("\n") : null;
}

function contentStreams(contents: PDFObject | undefined, page: PDFDict): { ref: PDFRef; stream: PDFRawStream }[] {
  const refs = contents instanceof PDFArray ? contents.asArray() : [page.get(PDFName.of("Contents"))];
  return refs.flatMap((ref) => {
    if (!(ref instanceof PDFRef)) return [];
    const stream = page.context.lookup(ref);
    return stream instanceof PDFRawStream ? [{ ref, stream }] : [];
  });
}

/**
 * The PDF with its right-to-left text labelled in reading order (see the top of this file), or
 * the same bytes when there is nothing to change. A full rewrite with pdf-lib: called only for
 * documents that hold Hebrew or Arabic text.
 */
export async function rtlTextInReadingOrder(bytes: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context } = doc;
  let changed = false;
  const toUnicodeRefs = new Set<string>();
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of("Type")) !== PDFName.of("Font")) continue;
    const ref = object.get(PDFName.of("ToUnicode"));
    if (!(ref instanceof PDFRef) || toUnicodeRefs.has(ref.toString())) continue;
    toUnicodeRefs.add(ref.toString());
    const stream = context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const cmap = reverseToUnicode(latin1(decodePDFRawStream(stream).decode()));
    if (cmap === null) continue;
    context.assign(ref, context.flateStream(cmap));
    changed = true;
  }
  for (const page of doc.getPages()) {
    for (const { ref, stream } of contentStreams(page.node.Contents(), page.node)) {
      const content = reorderReversedRuns(latin1(decodePDFRawStream(stream).decode()));
      if (content === null) continue;
      context.assign(ref, context.flateStream(Buffer.from(content, "latin1")));
      changed = true;
    }
  }
  if (!changed) return bytes;
  return await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}

