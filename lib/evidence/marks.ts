// Finding direct quotations: which characters open and close one, in English, Hebrew and
// Arabic typography, told apart from apostrophes (don't, Guardian’s) and from Hebrew acronym
// marks (צה״ל, צה"ל), with nested quotations kept inside the outer one and a quotation that
// runs over several paragraphs (each reopened with its mark, the English convention) kept whole.

/** Each opening mark and the marks that may close it. */
const CLOSERS: Record<string, string> = {
  "“": "”", // English, Arabic
  "„": "“”", // Hebrew (and German) low-high
  "«": "»", // Arabic, French, Russian
  '"': '"', // typewriter, any language
  "״": "״", // Hebrew gershayim used as quotation marks
  "”": "”", // Hebrew and Swedish ”…”
  "‘": "’", // single, British style or nested
  "'": "'",
};
const SINGLE = new Set(["‘", "'"]);
const ALL_MARKS = new Set([...Object.keys(CLOSERS), ...Object.values(CLOSERS).join("")]);

const isLetterOrDigit = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{M}\p{N}]/u.test(ch);
const isSpace = (ch: string | undefined) => ch === undefined || /\s/u.test(ch);
/** What may stand just before an opening mark: a space, the start, an opening bracket or a dash. */
const opensAfter = (ch: string | undefined) => isSpace(ch) || (ch !== undefined && /[([{\u2014\u2013\-/:\u05be]/u.test(ch)) || (ch !== undefined && ALL_MARKS.has(ch));

export type QuoteSpan = {
  /** Offset of the opening mark. */
  open: number;
  /** Offset of the closing mark (the quotation's text is body.slice(open + 1, close)). */
  close: number;
  mark: string;
};

type Open = { at: number; mark: string };

function canOpen(body: string, i: number): boolean {
  const ch = body[i]!;
  if (!(ch in CLOSERS)) return false;
  const before = body[i - 1];
  const after = body[i + 1];
  if (ch === "«") return !isSpace(after) || isLetterOrDigit(body[i + 2]);
  // A mark between two letters is an apostrophe or an acronym mark (don't, צה"ל), never a quote.
  if (isLetterOrDigit(before) && isLetterOrDigit(after)) return false;
  return opensAfter(before) && !isSpace(after);
}

function canClose(body: string, i: number, opener: string): boolean {
  const ch = body[i]!;
  if (!CLOSERS[opener]!.includes(ch)) return false;
  const before = body[i - 1];
  const after = body[i + 1];
  if (ch === "»") return true;
  if (isLetterOrDigit(before) && isLetterOrDigit(after)) return false;
  return !isSpace(before) && !isLetterOrDigit(after);
}

/** The index just past a paragraph break at `i` ("\n" followed by optional blank lines), or -1. */
function paragraphBreak(body: string, i: number): number {
  if (body[i] !== "\n") return -1;
  let j = i + 1;
  while (body[j] === " " || body[j] === "\t") j++;
  if (body[j] !== "\n") return -1;
  while (j < body.length && /\s/u.test(body[j]!)) j++;
  return j;
}

/**
 * The outermost quotations in `body`, in order. Unclosed marks are dropped at the end of their
 * paragraph, unless the next paragraph reopens with the same mark (a quotation that continues).
 */
export function findQuoteSpans(body: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  const stack: Open[] = [];
  // Only marks and line breaks matter: jump from one to the next.
  const interesting = /["“”„«»״‘’'\n]/gu;
  for (let m = interesting.exec(body); m; m = interesting.exec(body)) {
    const i = m.index;
    const ch = body[i]!;
    if (ch === "\n") {
      const next = stack.length ? paragraphBreak(body, i) : -1;
      if (next === -1) continue;
      const outer = stack[0]!;
      if (body[next] === outer.mark && !SINGLE.has(outer.mark)) {
        // The quotation continues: its reopening mark is part of its text, not a new quotation.
        stack.length = 1;
        interesting.lastIndex = next + 1;
      } else stack.length = 0;
      continue;
    }
    const closes = stack.findLastIndex((open) => canClose(body, i, open.mark));
    if (closes !== -1) {
      const opener = stack[closes]!;
      stack.length = closes;
      if (closes === 0) spans.push({ open: opener.at, close: i, mark: opener.mark });
      continue;
    }
    if (canOpen(body, i)) stack.push({ at: i, mark: ch });
  }
  return spans.filter((span) => {
    const text = body.slice(span.open + 1, span.close);
    if (!/[\p{L}\p{N}]/u.test(text)) return false;
    // A single-quoted word or two at the top level is a scare quote or a title, not a quotation.
    return !SINGLE.has(span.mark) || (text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) >= 3;
  });
}
