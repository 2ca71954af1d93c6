// W3C Web Annotation selectors (https://www.w3.org/TR/annotation-model/#selectors): a quote is
// pinned to the words it came from by the words themselves (TextQuoteSelector: exact + a little
// context on each side) and, as a hint, by where they were (TextPositionSelector). Offsets are
// UTF-16 code units into the document's normalised body, as JavaScript strings count them.

export type TextQuoteSelector = { type: "TextQuoteSelector"; exact: string; prefix: string; suffix: string };
export type TextPositionSelector = { type: "TextPositionSelector"; start: number; end: number };
export type Anchor = { quote: TextQuoteSelector; position: TextPositionSelector };

/** How much context a selector keeps on each side (Hypothesis keeps 32 characters). */
export const CONTEXT_CHARS = 32;

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{M}\p{N}]/u.test(ch);

/** Moves `index` off a surrogate pair's second half so a selector never splits a character. */
function onCodePoint(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff && index > 0 ? index - 1 : index;
}

/**
 * The selectors for body[start, end): the exact words and about CONTEXT_CHARS of context on each
 * side, widened to whole words (a cut word would match less well after an edit near it).
 */
export function describeRange(body: string, start: number, end: number): Anchor {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > body.length || start > end) {
    throw new RangeError(`describeRange: [${start}, ${end}) is not a range of a ${body.length}-character text`);
  }
  let from = onCodePoint(body, Math.max(0, start - CONTEXT_CHARS));
  while (from > 0 && from < start && isWordChar(body[from - 1]) && isWordChar(body[from]) && start - from < CONTEXT_CHARS * 2) from--;
  let to = onCodePoint(body, Math.min(body.length, end + CONTEXT_CHARS));
  while (to < body.length && to > end && isWordChar(body[to - 1]) && isWordChar(body[to]) && to - end < CONTEXT_CHARS * 2) to++;
  return {
    quote: { type: "TextQuoteSelector", exact: body.slice(start, end), prefix: body.slice(from, start), suffix: body.slice(end, to) },
    position: { type: "TextPositionSelector", start, end },
  };
}
