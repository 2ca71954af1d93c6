import { fromUtf16Hex, utf16Hex } from "./pdf-text";

// The first half of the right-to-left step (pdf-rtl.ts ties the two together; pdf-rtl-lines.ts
// is the second): each /ReversedChars run of a page's content that holds /ActualText spans,
// labelled as a whole (see labelRun). Split out of pdf-rtl.ts, which keeps the file's streams,
// its ToUnicode CMaps and the pages.

const reverse = (text: string) => [...text].reverse().join("");

export type Learned = { font: string; code: number; text: string };
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

/** A content stream's lines (split once for both passes: pdf-rtl.ts). */
export const contentLines = (content: string) => (content.includes("\r") ? content.split(/\r?\n/) : content.split("\n"));

/**
 * True when `line` trimmed is `text` ("BT", "ET", "/ReversedChars BMC"). Its first character is
 * tested first: most of a page's lines show a glyph ("<01B5> Tj", "12.5 0 Td …") and are told
 * apart without a search. What trim() removes in a latin1 content: the controls up to space and
 * the no-break space.
 */
export function isLine(line: string, text: string): boolean {
  const first = line.charCodeAt(0);
  return (first === text.charCodeAt(0) || first <= 0x20 || first === 0xa0) && (line === text || line.trim() === text);
}

/** A page's content with its /ReversedChars runs that hold spans labelled whole (see labelRun), or null. */
export function labelReversedRuns(content: string, fonts: Map<string, Map<number, string>>): { content: string; learned: Learned[] } | null {
  // Most pages of a dossier have no right-to-left line: not worth reading line by line.
  if (!content.includes("/ReversedChars")) return null;
  const labelled = labelReversedRunLines(contentLines(content), fonts);
  return labelled && { content: labelled.lines.join("\n"), learned: labelled.learned };
}

/** labelReversedRuns on a content's lines (contentLines): the lines labelled, or null. */
export function labelReversedRunLines(lines: string[], fonts: Map<string, Map<number, string>>): { lines: string[]; learned: Learned[] } | null {
  const out: string[] = [];
  const learned: Learned[] = [];
  // The text state (font, matrix) is known before line `from`; it is brought up to a run only
  // when one is found (stateBefore): most lines show a glyph and change nothing that matters.
  let from = 0;
  let known: { font: string; matrix: Matrix } = { font: "", matrix: [1, 0, 0, 1, 0, 0] };
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    if (!isLine(lines[i]!, "/ReversedChars BMC")) {
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
  return changed ? { lines: out, learned } : null;
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
