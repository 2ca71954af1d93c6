// The second half of the right-to-left step (pdf-rtl-runs.ts does the first: the labels of one
// run; pdf-rtl.ts ties the two together): a whole visual line of a right-to-left paragraph,
// when Chromium (Skia) drew it as several runs — Hebrew or Arabic in their font, an ASCII comma
// or colon, a number, "NATO" or a URL in the Latin font. Each run is a text object of its own
// (BT … ET), all of them set at the line's origin (the same Tm) and drawn from left to right.
//
// What the two extractors did with such a line (measured, pdftotext 22.12 and pdf.js 5):
// - pdf.js reads text objects in drawing order, each right-to-left run reversed on its own: the
//   runs came out in visual order ("זהו מבחן ,שלום עולם", "إن الميناء مغلق NATO قال…").
// - poppler sorts by position and reorders each line with its own small bidi pass
//   (TextOutputDev.cc, reorderText): on a page where right-to-left text is the majority, a
//   stretch of left-to-right or number characters — which includes ",", ":", "،" and "/" —
//   swallows the neutral space to its left, so ", " came out " ," and "باسم NATO إن" as
//   "باسم  NATOإن". Labelling the line's text in logical order does not help: poppler runs that
//   pass on /ActualText too.
//
// What this step changes, only on lines whose strong characters are mostly right to left:
// 1. the line's runs are drawn in reading order — right to left, a stretch of left-to-right runs
//    keeping its own order — each at the same place as before (the page looks the same; pdf.js
//    then reads the runs in order);
// 2. where such a stretch (or a comma in a right-to-left run) follows a space, an invisible
//    RIGHT-TO-LEFT MARK (U+200F) is added to the run's /ActualText just before it: poppler's pass
//    then ends the stretch at the mark and keeps the space on its side. pdf.js ignores
//    /ActualText; a reader who pastes the line gets the mark, which is what a right-to-left
//    editor would insert there itself. Verify a copy ignores it (pdf-check.ts). The same mark goes
//    before a combining mark that ends the line (see orderLine).
// A line in any other form than Skia's (an operator this does not know) is left as it is.

import { contentLines, isLine } from "./pdf-rtl-runs";
import { fromUtf16Hex, utf16Hex } from "./pdf-text";

// Hebrew and Arabic letters (not the Arabic comma, which poppler counts with the numbers, nor
// Arabic-Indic digits and separators), presentation forms, and the RLM itself.
const RTL_STRONG = /[\u0590-\u05FF\u0600-\u060B\u060D-\u065F\u066D-\u06EF\u06FA-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200F]/u;
const LTR_STRONG = /[\p{L}]/u;
/** Characters poppler does not count as right to left (letters, digits, separators, symbols). */
const isWeak = (ch: string) => !RTL_STRONG.test(ch) && !/[\s\p{M}]/u.test(ch);
const RLM = "\u200F";

const NUMBER = String.raw`-?(?:\d+\.?\d*|\.\d+)`;
const TF = new RegExp(String.raw`^/(\S+)\s+${NUMBER}\s+Tf$`);
const TM = new RegExp(String.raw`^(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+Tm$`);
const TD_TJ = new RegExp(String.raw`^(?:(${NUMBER})\s+(${NUMBER})\s+Td)?\s*(?:<([0-9A-Fa-f]+)>\s*Tj)?$`);
const SPAN = /^\/Span\s*<<\s*\/ActualText\s*<(?:FEFF|feff)([0-9A-Fa-f]*)>\s*>>\s*BDC$/;


/** One text object (BT … ET) as Skia writes it. */
type Run = {
  lines: string[];
  /** The Tm that places it: its line's origin ("a b c d y" identify the line). */
  origin: string;
  x: number;
  reversed: boolean;
  /** Its text in drawing order (left to right): its run span's, or its glyphs'. */
  text: string;
  /** The index in `lines` of its run span (pdf-rtl-runs.ts labelRun), if it has one. */
  span: number | undefined;
  /** Its glyphs, each where it is drawn, when it has no span and shows one glyph per Tj. */
  glyphs?: Glyph[];
};
type Glyph = { tf: string; matrix: number[]; hex: string; text: string };

/** A text object's parts, or null when it holds something this step does not know. */
function parseRun(lines: string[], fonts: Map<string, Map<number, string>>): Run | null {
  let font = "";
  let tf = "";
  const shown: Glyph[] = [];
  let oneGlyphEach = true;
  let origin: string | undefined;
  let matrix: number[] = [1, 0, 0, 1, 0, 0];
  let x: number | undefined;
  let reversed = false;
  let span: number | undefined;
  let spanText: string | undefined;
  let glyphs = "";
  let depth = 0;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    let match: RegExpExecArray | null;
    if (!line || line === "BT" || line === "ET") continue;
    // Most lines show a glyph: tried first (the Tm pattern is the slow one).
    if (line.endsWith("Tj") && (match = TD_TJ.exec(line)) && match[3] !== undefined) {
      if (match[1] !== undefined) {
        const [a, b, c, d, e, f] = matrix as [number, number, number, number, number, number];
        const [tx, ty] = [Number(match[1]), Number(match[2])];
        matrix = [a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f];
      }
      x ??= matrix[4];
      if (span !== undefined) continue;
      const codes = match[3].match(/[0-9A-Fa-f]{4}/g) ?? [];
      oneGlyphEach &&= codes.length === 1;
      for (const code of codes) {
        const text = fonts.get(font)?.get(parseInt(code, 16));
        if (text === undefined || text === "" || text.includes("\0")) return null;
        glyphs += text;
        shown.push({ tf, matrix, hex: code, text });
      }
    } else if ((match = TF.exec(line))) {
      font = match[1]!;
      tf = line;
    }
    else if ((match = TM.exec(line))) {
      matrix = match.slice(1, 7).map(Number);
      origin ??= `${matrix.slice(0, 4).join(" ")} ${matrix[5]}`;
      if (origin !== `${matrix.slice(0, 4).join(" ")} ${matrix[5]}` && depth === 0) return null;
    } else if (line === "/ReversedChars BMC") {
      if (depth !== 0) return null;
      reversed = true;
      depth++;
    } else if (line === "/Span BMC") depth++;
    else if ((match = SPAN.exec(line))) {
      depth++;
      // The empty spans pdf-rtl-runs.ts draws a run's leading marks in, after the run's own span.
      if (match[1] === "" && span !== undefined) continue;
      if (span !== undefined) return null;
      span = i;
      spanText = fromUtf16Hex(match[1]!);
    } else if (line === "EMC") {
      if (--depth < 0) return null;
    } else if ((match = TD_TJ.exec(line)) && (match[1] !== undefined || match[3] !== undefined)) {
      if (match[1] !== undefined) {
        const [a, b, c, d, e, f] = matrix as [number, number, number, number, number, number];
        const [tx, ty] = [Number(match[1]), Number(match[2])];
        matrix = [a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f];
      }
      const hex = match[3];
      if (hex === undefined) continue;
      x ??= matrix[4];
      if (span !== undefined) continue;
      const codes = hex.match(/[0-9A-Fa-f]{4}/g) ?? [];
      oneGlyphEach &&= codes.length === 1;
      for (const code of codes) {
        const text = fonts.get(font)?.get(parseInt(code, 16));
        if (text === undefined || text === "" || text.includes("\0")) return null;
        glyphs += text;
        shown.push({ tf, matrix, hex: code, text });
      }
    } else return null;
  }
  if (origin === undefined || x === undefined || depth !== 0) return null;
  return { lines, origin, x, reversed, text: spanText ?? glyphs, span, ...(span === undefined && oneGlyphEach ? { glyphs: shown } : {}) };
}

const coordinate = (n: number) => String(Math.round(n * 1e5) / 1e5);

/**
 * A run of punctuation only, of several glyphs — a question mark and a quote's closing mark
 * drawn from the Latin font ("?”" at the left end of "”…סגור?”") — as one run per glyph, each
 * drawn where it was. pdf.js reads a run's glyphs in drawing order and orders them by their own
 * letters (none here), so it read "”?"; one glyph per run, they are read in the line's order.
 */
function perGlyph(run: Run): Run[] {
  if (!run.glyphs || run.glyphs.length < 2 || /[\p{L}\p{N}]/u.test(run.text)) return [run];
  const [open, close] = run.reversed ? [["/ReversedChars BMC"], ["EMC"]] : [[], []];
  return run.glyphs.map((glyph) => ({
    lines: ["BT", ...open, glyph.tf, `${glyph.matrix.map(coordinate).join(" ")} Tm`, `<${glyph.hex}> Tj`, ...close, "ET"],
    origin: run.origin,
    x: glyph.matrix[4]!,
    reversed: run.reversed,
    text: glyph.text,
    span: undefined,
  }));
}

/**
 * True when the line belongs to a right-to-left paragraph: its runs at both ends are right to
 * left; or, when only one end is, its strong characters are mostly right to left. (A line of a
 * left-to-right paragraph that starts and ends with Hebrew or Arabic is taken for right to left.)
 * The ends are the outermost runs that hold a letter: a quote's marks (the dossier frames a
 * quote with them), a number or a lone comma at an end are drawn as left-to-right runs of the
 * Latin font whatever the paragraph's direction.
 */
function rightToLeft(runs: Run[]): boolean {
  const visual = [...runs].sort((a, b) => a.x - b.x).filter((run) => /\p{L}/u.test(run.text));
  if (visual.length === 0) return false;
  const [first, last] = [visual[0]!.reversed, visual.at(-1)!.reversed];
  if (first !== last) {
    let balance = 0;
    for (const ch of runs.map((run) => run.text).join("")) {
      if (RTL_STRONG.test(ch)) balance++;
      else if (LTR_STRONG.test(ch)) balance--;
    }
    return balance > 0;
  }
  return first;
}

/** A left-to-right run with a letter or a digit ("NATO", "2024", a URL), not only punctuation. */
const leftToRight = (run: Run) => !run.reversed && /[\p{L}\p{N}]/u.test(run.text);

/**
 * The runs of a right-to-left line in reading order: right to left, left-to-right stretches kept
 * in order. A run of punctuation only (a quote's mark, a full stop or a question mark drawn from
 * the Latin font) belongs to the right-to-left line, not to a stretch beside it: "”…סגור?”"
 * reads its "?" before the closing mark, and "باسم NATO, إن" its comma after "NATO".
 */
function readingOrder(runs: Run[]): Run[] {
  const visual = [...runs].sort((a, b) => a.x - b.x);
  const stretches: Run[][] = [];
  for (const run of visual) {
    const last = stretches.at(-1);
    if (leftToRight(run) && last && leftToRight(last[0]!)) last.push(run);
    else stretches.push([run]);
  }
  return stretches.reverse().flat();
}

/** The run with RLMs added to its /ActualText before `at` (indices into its text), or unchanged. */
function withMarks(run: Run, at: number[]): string[] {
  if (at.length === 0) return run.lines;
  const chars = [...run.text];
  const text = chars.map((ch, i) => (at.includes(i) ? RLM + ch : ch)).join("");
  const label = `/Span<</ActualText <FEFF${utf16Hex(text)}> >> BDC`;
  const lines = [...run.lines];
  if (run.span !== undefined) {
    lines[run.span] = label;
    return lines;
  }
  // A span of its own around every glyph of the run: opened at its first glyph (poppler takes
  // the span's place from there), closed where the run ends.
  const first = lines.findIndex((line) => TD_TJ.exec(line.trim())?.[3] !== undefined);
  const match = TD_TJ.exec(lines[first]!.trim())!;
  const opening = match[1] !== undefined ? [`${match[1]} ${match[2]} Td`, label, `<${match[3]}> Tj`] : [label, lines[first]!];
  let close = lines.length - 1;
  while (close > 0 && lines[close]!.trim() !== "ET") close--;
  if (run.reversed) while (close > 0 && lines[close]!.trim() !== "EMC") close--;
  return [...lines.slice(0, first), ...opening, ...lines.slice(first + 1, close), "EMC", ...lines.slice(close)];
}

/** Where a line's runs need an RLM (see the top of this file): per run, indices into its text. */
function marksFor(visual: Run[]): number[][] {
  let previous: string | undefined;
  return visual.map((run) =>
    [...run.text].flatMap((ch, i) => {
      const mark = isWeak(ch) && previous !== undefined && !isWeak(previous) && !RTL_STRONG.test(previous);
      previous = ch;
      return mark ? [i] : [];
    }),
  );
}

/** A right-to-left line's runs, drawn in reading order and labelled for poppler, or null when nothing changes. */
function orderLine(drawn: Run[]): string[] | null {
  if (!rightToLeft(drawn)) return null;
  const runs = drawn.flatMap(perGlyph);
  const visual = [...runs].sort((a, b) => a.x - b.x);
  const marks = new Map(marksFor(visual).map((at, i) => [visual[i]!, at]));
  // A line that ends with a mark ("…لاحقاً") or a closing quotation mark starts with it on the
  // left. On a page of mostly left-to-right text, poppler reads a line from the left and takes
  // whatever is not right to left there for a left-to-right stretch of its own ("ًنحن … لاحقا",
  // "””אנחנו…"): an RLM before it keeps it in the line's right-to-left text.
  if (/^[^\s\p{L}\p{N}]/u.test(visual[0]!.text)) marks.get(visual[0]!)!.unshift(0);
  const ordered = readingOrder(runs);
  const changed = runs.length !== drawn.length || ordered.some((run, i) => run !== runs[i]) || [...marks.values()].some((at) => at.length > 0);
  return changed ? ordered.flatMap((run) => withMarks(run, marks.get(run)!)) : null;
}

/** Where the text object in `lines` from `start` to `end` (inclusive) is placed (its first Tm without x: the runs of one line share it), or null. */
function originOf(lines: string[], start: number, end: number): string | null {
  for (let k = start; k <= end && k < lines.length; k++) {
    if (!lines[k]!.trimEnd().endsWith("Tm")) continue;
    const match = TM.exec(lines[k]!.trim());
    return match ? `${match.slice(1, 5).join(" ")} ${match[6]}` : null;
  }
  return null;
}

/** A page's content with its right-to-left lines drawn in reading order and labelled (above), or null. */
export function orderRtlLines(content: string, fonts: Map<string, Map<number, string>>): string | null {
  if (!content.includes("/ReversedChars")) return null;
  return orderRtlLineList(contentLines(content), fonts)?.join("\n") ?? null;
}

/**
 * orderRtlLines on a content's lines (contentLines): its lines with the right-to-left lines
 * replaced, or null. Only a line (its text objects) with a right-to-left run is parsed; the rest
 * is copied once, when something changed.
 */
export function orderRtlLineList(lines: string[], fonts: Map<string, Map<number, string>>): string[] | null {
  // What changes: the text objects from `start` to `end` (exclusive) replaced by `lines`, and the
  // blank lines between and after the text objects of one line dropped (they do not end it).
  const edits: { start: number; end: number; lines: string[] }[] = [];
  const dropped = new Set<number>();
  // The text objects (first and last line) of one line.
  type Line = { origin: string; bodies: [number, number][]; rtl: boolean };
  let line = null as Line | null;
  const flush = () => {
    if (!line) return;
    const runs = line.rtl ? line.bodies.map(([start, end]) => parseRun(lines.slice(start, end + 1), fonts)) : [];
    const ordered = runs.length > 0 && runs.every((run) => run !== null) ? orderLine(runs as Run[]) : null;
    if (ordered) edits.push({ start: line.bodies[0]![0], end: line.bodies.at(-1)![1] + 1, lines: ordered });
    line = null;
  };
  for (let i = 0; i < lines.length; i++) {
    if (!isLine(lines[i]!, "BT")) {
      // A blank line between two runs of a line does not end it (and is dropped); anything else does.
      if (line && !lines[i]!.trim()) dropped.add(i);
      else flush();
      continue;
    }
    let end = i + 1;
    let rtl = false;
    for (; end < lines.length && !isLine(lines[end]!, "ET"); end++) rtl ||= isLine(lines[end]!, "/ReversedChars BMC");
    const origin = originOf(lines, i, end);
    if (line && origin !== null && line.origin === origin) {
      line.bodies.push([i, end]);
      line.rtl ||= rtl;
    } else {
      flush();
      if (origin !== null) line = { origin, bodies: [[i, end]], rtl };
    }
    i = end;
  }
  flush();
  if (edits.length === 0) return null;
  const out: string[] = [];
  let edit = 0;
  for (let i = 0; i < lines.length; i++) {
    if (edits[edit]?.start === i) {
      out.push(...edits[edit]!.lines);
      i = edits[edit++]!.end - 1;
    } else if (!dropped.has(i)) out.push(lines[i]!);
  }
  return out;
}
