// Re-anchoring a quote in a (possibly changed) text, the way Hypothesis does it
// (client/src/annotator/anchoring/match-quote.ts): the exact words first, then an approximate
// match (Myers' bit-parallel edit distance, `approx-string-match`, the library Hypothesis uses),
// each candidate scored by how well the quote, the text before it (prefix), the text after it
// (suffix) and its position agree with what was recorded.
import approxSearch from "approx-string-match";
import type { Anchor } from "./selectors";

export type AnchorResult =
  | { status: "exact" | "moved" | "fuzzy"; start: number; end: number; score: number; changed: boolean }
  | { status: "orphan"; score: number };

// Hypothesis's weights: the quote counts most, its context next, the position breaks ties.
const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const MAX_SCORE = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/**
 * Thresholds for a fuzzy match (decided with the property test in anchor.test.ts):
 * - the quote may differ by at most 40 % of its characters (Hypothesis allows 50 %: it only has
 *   to highlight something; a desk must not pin a quote to unrelated words);
 * - past 20 % the surrounding text must agree too (prefix or suffix ≥ 60 % similar), since a
 *   long quote can be 30 % "similar" to any sentence of the same length;
 * - quotes shorter than 8 characters are never matched fuzzily (any word is close to them).
 */
const MAX_ERROR_RATE = 0.4;
const CONTEXT_NEEDED_RATE = 0.2;
const CONTEXT_AGREEMENT = 0.6;
const MIN_FUZZY_LENGTH = 8;
/**
 * Fuzzy search looks near the old position first (±2,000 characters: cheap), then, if nothing
 * fits there, around the rest of the text's occurrences of the quote's three longest words
 * (filter, then verify: a full scan of a 5,000-word text costs milliseconds per quote, and a
 * quote that moved far *and* lost its three most distinctive words is not the same quote).
 */
const WINDOW = 2_000;
const CLUE_WORDS = 3;

/** How similar `str` is to the best-matching part of `text`, 0–1 (Hypothesis's textMatchScore). */
function similarity(text: string, str: string): number {
  if (str.length === 0) return 1;
  if (text.length === 0) return 0;
  if (text.includes(str)) return 1;
  const [best] = approxSearch(text, str, str.length);
  return best ? 1 - best.errors / str.length : 0;
}

/** Characters `a` and `b` share at their ends (a's end, b's start): cheap context agreement for exact matches. */
function commonTail(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}
function commonHead(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

type Scored = { start: number; end: number; score: number; prefixScore: number; suffixScore: number; quoteScore: number };

function score(body: string, anchor: Anchor, start: number, end: number, errors: number, exactContext: boolean): Scored {
  const { exact, prefix, suffix } = anchor.quote;
  const quoteScore = exact.length ? 1 - errors / exact.length : 1;
  const before = body.slice(Math.max(0, start - prefix.length), start);
  const after = body.slice(end, end + suffix.length);
  const prefixScore = !prefix ? 1 : exactContext ? commonTail(before, prefix) / prefix.length : similarity(before, prefix);
  const suffixScore = !suffix ? 1 : exactContext ? commonHead(after, suffix) / suffix.length : similarity(after, suffix);
  const distance = Math.abs(start - anchor.position.start);
  const positionScore = body.length ? Math.max(0, 1 - distance / body.length) : 1;
  const raw = QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * prefixScore + SUFFIX_WEIGHT * suffixScore + POSITION_WEIGHT * positionScore;
  return { start, end, score: raw / MAX_SCORE, prefixScore, suffixScore, quoteScore };
}

function best(candidates: Scored[]): Scored | null {
  let top: Scored | null = null;
  for (const candidate of candidates) if (!top || candidate.score > top.score) top = candidate;
  return top;
}

function exactMatches(body: string, exact: string): number[] {
  const found: number[] = [];
  for (let at = body.indexOf(exact); at !== -1; at = body.indexOf(exact, at + 1)) found.push(at);
  return found;
}

function acceptable(candidate: Scored): boolean {
  const errorRate = 1 - candidate.quoteScore;
  if (errorRate > MAX_ERROR_RATE) return false;
  return errorRate <= CONTEXT_NEEDED_RATE || Math.max(candidate.prefixScore, candidate.suffixScore) >= CONTEXT_AGREEMENT;
}

function fuzzyIn(body: string, anchor: Anchor, from: number, to: number): Scored | null {
  const { exact } = anchor.quote;
  const maxErrors = Math.min(256, Math.floor(exact.length * MAX_ERROR_RATE));
  const text = body.slice(from, to);
  const matches = approxSearch(text, exact, maxErrors);
  // One candidate per distinct end, bounded: a bad match can report hundreds of near-ties.
  const candidates = matches.slice(0, 50).map((m) => score(body, anchor, from + m.start, from + m.end, m.errors, false));
  return best(candidates.filter(acceptable));
}

/** Stretches of `body` outside [from, to) around the quote's longest words, merged; the quote fits in each. */
function farAway(body: string, anchor: Anchor, from: number, to: number): [number, number][] {
  const { exact } = anchor.quote;
  const clues = [...new Set(exact.match(/[\p{L}\p{N}]{3,}/gu) ?? [])].sort((a, b) => b.length - a.length).slice(0, CLUE_WORDS);
  const reach = exact.length + 32;
  const stretches: [number, number][] = [];
  for (const clue of clues) {
    for (let at = body.indexOf(clue); at !== -1; at = body.indexOf(clue, at + 1)) {
      if (at >= from && at < to) continue;
      stretches.push([Math.max(0, at - reach), Math.min(body.length, at + clue.length + reach)]);
    }
  }
  stretches.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of stretches) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/**
 * Where `anchor` is in `body`: the exact words at the recorded position ("exact"), the exact
 * words elsewhere ("moved": the best by context and distance when they occur more than once),
 * else the closest words that still fit ("fuzzy", `changed` when they differ), else "orphan".
 */
export function anchorIn(body: string, anchor: Anchor): AnchorResult {
  const { exact } = anchor.quote;
  const hint = anchor.position.start;
  if (!exact) return { status: "orphan", score: 0 };
  // Every occurrence, even when the words are still at the old position: a short quote ("yes")
  // can have another occurrence pushed there by an edit, and then its context tells them apart.
  const exacts = exactMatches(body, exact);
  if (exacts.length > 0) {
    const top = best(exacts.map((at) => score(body, anchor, at, at + exact.length, 0, true)))!;
    if (top.start === hint) return { status: "exact", start: hint, end: hint + exact.length, score: 1, changed: false };
    return { status: "moved", start: top.start, end: top.end, score: top.score, changed: false };
  }
  if (exact.length < MIN_FUZZY_LENGTH) return { status: "orphan", score: 0 };
  const reach = WINDOW + exact.length * 2;
  const from = Math.max(0, hint - reach);
  const to = Math.min(body.length, anchor.position.end + reach);
  const found = fuzzyIn(body, anchor, from, to) ?? best(farAway(body, anchor, from, to).map(([a, b]) => fuzzyIn(body, anchor, a, b)).filter((c): c is Scored => c !== null));
  if (!found) return { status: "orphan", score: 0 };
  return { status: "fuzzy", start: found.start, end: found.end, score: found.score, changed: body.slice(found.start, found.end) !== exact };
}

/** Every anchor re-anchored in `body`, in order (a new take of the document they were made in). */
export function reanchorAll(body: string, anchors: Anchor[]): AnchorResult[] {
  return anchors.map((anchor) => anchorIn(body, anchor));
}
