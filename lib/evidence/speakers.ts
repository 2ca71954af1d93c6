// Matching an attribution ("Microsoft president Brad Smith", "Cohen", "the ministry",
// "المتحدث باسم الوزارة") to one of the story's sources. Case-, diacritic- and
// letter-form-insensitive; a person's surname alone counts; a word of an affiliation counts
// only when no other source shares it. Unsure → null: a wrong speaker is worse than none.
import type { SpeakerCandidate } from "./quotes";

/** Words too common to identify anyone on their own. */
const GENERIC = new Set(
  (
    "the a an of for in and on to at by de la le al el mr mrs ms dr prof president spokesman spokeswoman spokesperson director executive " +
    "chief officer minister head member group company inc ltd corp report wire copy agency unit not named reports state chapter " +
    "דובר דוברת ראש שר שרת משרד חבר של ה متحدث المتحدث باسم رئيس وزير عضو"
  ).split(" "),
);

/** Lower case, no diacritics or niqqud or harakat, one form per Arabic letter, no possessive ’s. */
export function foldName(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’'`]s\b/gu, "")
    .replace(/[أإآٱ]/gu, "ا")
    .replace(/ة/gu, "ه")
    .replace(/ى/gu, "ي")
    .replace(/ـ/gu, "");
}

type Word = { word: string; start: number; end: number };

/** The words of `text`, folded, with where each is in `text`. */
function wordsOf(text: string): Word[] {
  return Array.from(text.matchAll(/[\p{L}\p{M}\p{N}]+/gu), (m) => ({ word: foldName(m[0]), start: m.index, end: m.index + m[0].length })).filter((w) => w.word);
}
const tokens = (text: string) => wordsOf(text).map((w) => w.word);

const CLINGING_PREFIX = /^(?:[והלבמשכ]{1,2}|و|ف|ال|وال|بال|لل|ب|ل)$/u;

/** A word as it may be written with a clinging prefix: Hebrew ו/ה/ל/ב/מ/ש/כ, Arabic و/ال/بال/لل. */
function sameWord(written: string, known: string): boolean {
  if (written === known) return true;
  if (written.length > known.length && written.endsWith(known)) {
    const prefix = written.slice(0, written.length - known.length);
    return CLINGING_PREFIX.test(prefix);
  }
  if (known.startsWith("ال")) return sameWord(written, known.slice(2));
  return false;
}

/** Where `name`'s words occur in a row in `words`, or -1. */
function findRun(words: string[], name: string[]): number {
  outer: for (let i = 0; i + name.length <= words.length; i++) {
    for (let j = 0; j < name.length; j++) if (!sameWord(words[i + j]!, name[j]!)) continue outer;
    return i;
  }
  return -1;
}

type Hit = { id: string; strength: number; at: number; length: number };
/** One way of naming a candidate, folded once: its words, and how strongly a mention counts. */
type Form = { run: string[]; full: number; partial: (position: number) => number };
type Prepared = { id: string; forms: Form[] };

/** "Israel Ministry of Defense (IMOD)": the name, and what its brackets give as an alias. */
const variantsOf = (name: string) => new Set([name, ...Array.from(name.matchAll(/\(([^)]+)\)/gu), (m) => m[1]!), name.replace(/\s*\([^)]*\)/gu, "")]);

function prepare(candidate: SpeakerCandidate): Prepared {
  const forms: Form[] = [];
  candidate.names.forEach((name, index) => {
    for (const variant of variantsOf(name)) {
      const run = tokens(variant);
      if (run.length === 0 || run.every((word) => GENERIC.has(word))) continue;
      // The source's own name (or an alias) in full counts most; an affiliation in full a little less;
      // one distinctive word of it — a surname ("Cohen") — less again ("the ministry" does not count).
      forms.push({ run, full: index === 0 ? 4 : 3, partial: (position) => (index === 0 ? (position === run.length - 1 ? 2 : 1.5) : 1) });
    }
  });
  return { id: candidate.id, forms };
}

// A story has a thousand sources and a document dozens of quotations: each attribution is
// compared only with the candidates that have one of the words it may name (sameWord: the word
// as written, or without a clinging prefix) among their distinctive words, and a candidate is
// prepared only when first compared. Exact: every hit needs one distinctive word of the
// candidate (a form that is all GENERIC words is never made; a partial hit is one distinctive word).
type Listed = { candidates: SpeakerCandidate[]; byWord: Map<string, number[]> };
const lists = new WeakMap<SpeakerCandidate[], Listed>();
const prepared = new WeakMap<SpeakerCandidate, Prepared>();

function listed(candidates: SpeakerCandidate[]): Listed {
  let list = lists.get(candidates);
  if (list) return list;
  const byWord = new Map<string, number[]>();
  candidates.forEach((candidate, index) => {
    for (const name of candidate.names)
      for (const variant of variantsOf(name))
        for (const word of tokens(variant)) {
          if (GENERIC.has(word)) continue;
          const holders = byWord.get(word);
          if (!holders) byWord.set(word, [index]);
          else if (holders.at(-1) !== index) holders.push(index);
        }
  });
  lists.set(candidates, (list = { candidates, byWord }));
  return list;
}

function preparedOf(candidate: SpeakerCandidate): Prepared {
  let one = prepared.get(candidate);
  if (!one) prepared.set(candidate, (one = prepare(candidate)));
  return one;
}

/** The words a name may have for these written words to name it (sameWord): each as written, and without a clinging prefix. */
function knownWordsOf(words: readonly string[]): Set<string> {
  const known = new Set<string>();
  for (const written of words)
    for (let cut = 0; cut <= 3 && cut < written.length; cut++) if (cut === 0 || CLINGING_PREFIX.test(written.slice(0, cut))) known.add(written.slice(cut));
  return known;
}

/** The candidates that have a distinctive word these written words may be, in list order, prepared. */
function candidatesFor(words: string[], list: Listed): Prepared[] {
  const found = new Set<number>();
  for (const known of knownWordsOf(words))
    // A known word "ال…" matches a written word that the same word without ال matches (sameWord).
    for (const key of [known, `ال${known}`]) for (const index of list.byWord.get(key) ?? []) found.add(index);
  return [...found].sort((a, b) => a - b).map((index) => preparedOf(list.candidates[index]!));
}

/**
 * For an index of names kept elsewhere (a story's sealed sources: their keyed search tokens):
 * `nameWords` is what to index of a name — its words and its variants' words, folded as
 * matching folds them, each between spaces — and `attributionWords` the words of which a name
 * must hold one, whole (" word "), for findSpeaker to name it from these attributions. A name
 * holding none of them is never named, so a store may leave it out of the candidates unopened.
 */
export function nameWords(name: string): string {
  return ` ${[...variantsOf(name)].flatMap((variant) => tokens(variant)).join(" ")} `;
}

export function attributionWords(attributions: readonly string[]): string[] {
  const known = [...knownWordsOf(attributions.flatMap((attribution) => tokens(attribution)))].flatMap((word) => [word, `ال${word}`]);
  return [...new Set(known)].filter((word) => !GENERIC.has(word)).map((word) => ` ${word} `);
}

function hitOf(words: string[], candidate: Prepared): Hit | null {
  let best: Hit | null = null;
  const keep = (strength: number, at: number, length: number) => {
    if (at !== -1 && (!best || strength > best.strength)) best = { id: candidate.id, strength, at, length };
  };
  for (const { run, full, partial } of candidate.forms) {
    keep(full, findRun(words, run), run.length);
    if (run.length < 2) continue;
    run.forEach((word, position) => {
      if (word.length < 3 || GENERIC.has(word)) return;
      keep(partial(position), words.findIndex((w) => sameWord(w, word)), 1);
    });
  }
  return best;
}

/**
 * The candidate `attribution` names, or null when none or more than one fits equally. Among
 * several names in one phrase ("Microsoft president Brad Smith"), the strongest wins; at equal
 * strength the phrase's head: its last name in English, its first in Hebrew and Arabic.
 * `mention` is the words of the phrase that named it ("Brad Smith").
 */
export function findSpeaker(attribution: string, candidates: SpeakerCandidate[], options: { exhaustive?: boolean } = {}): { id: string; mention: string } | null {
  const list = listed(candidates);
  // The name comes before an appositive ("Imraan Siddiqi, the executive director of …"): try it alone first.
  const head = attribution.split(/[,،]/u)[0]!;
  for (const phrase of head.length < attribution.length ? [head, attribution] : [attribution]) {
    const words = wordsOf(phrase);
    if (words.length === 0) continue;
    const folded = words.map((w) => w.word);
    // exhaustive: every candidate compared (what the word index must always agree with; for tests).
    const hits = (options.exhaustive ? list.candidates.map(preparedOf) : candidatesFor(folded, list))
      .map((candidate) => hitOf(folded, candidate))
      .filter((hit): hit is Hit => hit !== null);
    if (hits.length === 0) continue;
    const top = Math.max(...hits.map((hit) => hit.strength));
    let strongest = hits.filter((hit) => hit.strength === top);
    if (strongest.length > 1) {
      const rtl = /[\p{Script=Hebrew}\p{Script=Arabic}]/u.test(phrase);
      const edge = rtl ? Math.min(...strongest.map((hit) => hit.at)) : Math.max(...strongest.map((hit) => hit.at));
      strongest = strongest.filter((hit) => hit.at === edge);
    }
    if (strongest.length !== 1) return null;
    const hit = strongest[0]!;
    return { id: hit.id, mention: phrase.slice(words[hit.at]!.start, words[hit.at + hit.length - 1]!.end) };
  }
  return null;
}

/** The id of the candidate `attribution` names (findSpeaker), or null. */
export const matchSpeaker = (attribution: string, candidates: SpeakerCandidate[]): string | null => findSpeaker(attribution, candidates)?.id ?? null;
