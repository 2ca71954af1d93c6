import "server-only";
import { bodyBounds } from "./pdf-layout";

// A big dossier printed as two documents at once, in two renderers of the warm browser, then
// merged into one PDF (pdf-merge.ts). Chromium's tagged print of one document runs in one
// renderer, and its tagging alone costs about half a bare print (~30 µs a structure element,
// measured 2026-12-01, docs/benchmarks.md): the two halves of the bench's 1,000-entry dossier,
// printed at once, took 514–684 ms against 773–957 ms for the whole (6 rounds each).
//
// The cut is made before one of the dossier's top-level sections (html.ts writes each as
// `<section id="…" aria-labelledby="…">` directly in the body), the one nearest the middle of the
// body's elements, so the second part starts on a new page. Elements, not bytes or text: the
// print's time follows its structure elements (the change log's 1,000 short lines are a third of
// the bench's print and a fifth of its text); cut before "Open questions", nearest the middle by
// elements, the bench's two parts printed in 426–595 and 458–596 ms (before "Follow-ups",
// nearest by bytes: 83 and 45 pages). A link in one part to an anchor in the
// other keeps working: the part with the link gets an empty placeholder element with that id
// (Chromium writes a link only to an anchor its document has; the placeholder's own destination
// is dropped by the merge), and the part with the anchor gets a link to it that is never shown
// (Chromium writes a destination only for an anchor something links to). Neither is laid out as
// anything a reader sees or a screen reader reads: an empty span and a `hidden` link.

/** A body shorter than this prints whole: two renderers and a merge cost more than they save (see docs/benchmarks.md). */
export const SPLIT_MIN_BODY = 150_000;
/** Neither part smaller than this share of the body's elements, or the cut saves too little to be worth it. */
const MIN_SHARE = 0.3;

export type PrintPart = { html: string; anchors: ReadonlySet<string> };

const TOP_SECTION = /<section id="[^"]+" aria-labelledby="[^"]+">/g;
const ELEMENT = /<[a-z]/gi;
const ID = /\sid="([^"]+)"/g;
const LINK = /\shref="#([^"]+)"/g;

const ids = (html: string) => new Set(Array.from(html.matchAll(ID), (match) => match[1]!));
const linked = (html: string) => new Set(Array.from(html.matchAll(LINK), (match) => match[1]!));
const escapeAttribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * The document as two parts to print at once, or null when it prints whole (small, or no cut
 * near enough to the middle, or not laid out as html.ts writes it). Each part is a complete
 * document with the same head (so each may go into a primed page: pdf-layout.ts).
 */
export function splitForPrint(html: string, minBody = SPLIT_MIN_BODY): [PrintPart, PrintPart] | null {
  const bounds = bodyBounds(html);
  if (!bounds || bounds.end - bounds.start < minBody) return null;
  const { start: bodyStart, end: bodyEnd } = bounds;
  const body = html.slice(bodyStart, bodyEnd);
  // Elements before each candidate cut (an element: "<" and a letter).
  const cuts = Array.from(body.matchAll(TOP_SECTION), (match) => match.index);
  const before: number[] = [];
  let elements = 0;
  let next = 0;
  for (const match of body.matchAll(ELEMENT)) {
    while (next < cuts.length && cuts[next]! <= match.index) before[next++] = elements;
    elements += 1;
  }
  while (next < cuts.length) before[next++] = elements;
  let best = -1;
  for (let k = 0; k < cuts.length; k++) if (best < 0 || Math.abs(before[k]! - elements / 2) < Math.abs(before[best]! - elements / 2)) best = k;
  if (best < 0 || Math.min(before[best]!, elements - before[best]!) < elements * MIN_SHARE) return null;
  const cut = bodyStart + cuts[best]!;
  const open = html.slice(0, bodyStart);
  const close = html.slice(bodyEnd);
  const bodies = [html.slice(bodyStart, cut), html.slice(cut, bodyEnd)] as const;
  const anchors = bodies.map(ids);
  const parts = bodies.map((body, k) => {
    const other = anchors[1 - k]!;
    const own = anchors[k]!;
    // Links from here to the other part: placeholders, so that Chromium writes them.
    const placeholders = [...linked(body)].filter((name) => !own.has(name) && other.has(name));
    // Links from the other part to here: never shown, so that Chromium writes their destinations.
    const targets = [...linked(bodies[1 - k]!)].filter((name) => own.has(name) && !other.has(name));
    const extra =
      placeholders.map((name) => `<span id="${escapeAttribute(name)}"></span>`).join("") +
      targets.map((name) => `<a href="#${escapeAttribute(name)}" hidden></a>`).join("");
    // After the content: before it, in a part whose first section breaks before its page, they
    // would make a blank first page (measured by merge25).
    return { html: `${open}${body}${extra}${close}`, anchors: own };
  });
  return [parts[0]!, parts[1]!];
}
