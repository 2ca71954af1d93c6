import { diffArrays, type ChangeObject } from "diff";
import type { FieldSpec } from "@/lib/entry-kinds/types";

// Field-by-field differences between two readable states of an entry. Pure: the lens has
// already decided what this reader may see (hidden values arrive as notes, never as text).

/** What a field shows to this reader. `raw` (hidden values only) is for equality, never shown. */
export type Display =
  | { kind: "words"; text: string }
  | { kind: "value"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "hidden"; text: string; raw: string };

export type DisplayMap = Record<string, Display | null>;

export type WordPart = { text: string; change?: "added" | "removed" };

export type FieldChange = { key: string; label: string } & (
  | { kind: "words"; parts: WordPart[] }
  | { kind: "value"; before: string | null; after: string | null }
  | { kind: "list"; added: string[]; removed: string[] }
  | { kind: "note"; text: string }
);

/** How a hidden display names a value its burned source's key no longer opens (history/lens.ts). */
export const BURNED_VALUE = "Destroyed: the source was burned";

const same = (a: Display | null, b: Display | null): boolean => JSON.stringify(a) === JSON.stringify(b);

// Words as Unicode defines them (UAX #29, through ICU): Hebrew and Arabic letters, their
// combining marks (niqqud, harakat, tanween) and gershayim stay inside their word, an emoji
// sequence is one piece, and the spaces and punctuation between words are pieces of their own.
// (The `diff` library's own word splitter treats non-Latin letters as punctuation.)
const WORDS = new Intl.Segmenter(undefined, { granularity: "word" });

/** A text cut into words and what lies between them; joined, the pieces are the text. */
export function wordTokens(text: string): string[] {
  return Array.from(WORDS.segment(text), (piece) => piece.segment);
}

/** Which kinds of change a run of changes starting at `index` holds. */
function changedRun(changes: ChangeObject<string[]>[], index: number): { removed: boolean; added: boolean } {
  const run = { removed: false, added: false };
  for (let i = index; i < changes.length && (changes[i]!.added || changes[i]!.removed); i++) {
    if (changes[i]!.removed) run.removed = true;
    else run.added = true;
  }
  return run;
}

/**
 * Word-level differences, for plain text and for the words of rich text (one line per block).
 * Whitespace alone between two replaced words joins the replacement ("a b" → "x y" reads as
 * one change, not four), on both sides, so each side still joins up to its own text.
 */
export function wordParts(before: string, after: string): WordPart[] {
  const changes = diffArrays(wordTokens(before), wordTokens(after));
  const parts: WordPart[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) parts.push({ text: removed, change: "removed" });
    if (added) parts.push({ text: added, change: "added" });
    removed = added = "";
  };
  changes.forEach((change, index) => {
    const text = change.value.join("");
    if (change.removed) removed += text;
    else if (change.added) added += text;
    else {
      const next = changedRun(changes, index + 1);
      if (removed && added && next.removed && next.added && /^\s+$/u.test(text)) {
        removed += text;
        added += text;
      } else {
        flush();
        parts.push({ text });
      }
    }
  });
  flush();
  return parts;
}

function textOf(display: Display | null): string | null {
  if (!display) return null;
  if (display.kind === "list") return display.items.join(", ");
  return display.text;
}

function changeOf(spec: FieldSpec, before: Display | null, after: Display | null): FieldChange | null {
  if (same(before, after)) return null;
  const base = { key: spec.key, label: spec.label };
  if (before?.kind === "hidden" || after?.kind === "hidden") {
    if (spec.type === "secret") {
      return { ...base, kind: "note", text: !before ? "added (never shown in history)" : !after ? "removed" : "changed (never shown in history)" };
    }
    // A burned source's values can no longer be opened by anyone: say so rather than "hidden from you".
    const burned = [before, after].some((display) => display?.kind === "hidden" && display.text.startsWith(BURNED_VALUE));
    if (burned) return { ...base, kind: "note", text: !before ? "set (destroyed since: the source was burned)" : !after ? "destroyed (the source was burned)" : "changed (destroyed since: the source was burned)" };
    return { ...base, kind: "note", text: !before ? "set (hidden from you)" : !after ? "cleared" : "changed (hidden from you)" };
  }
  if ((before?.kind ?? after?.kind) === "words" && (after?.kind ?? "words") === "words" && (before?.kind ?? "words") === "words") {
    return { ...base, kind: "words", parts: wordParts(textOf(before) ?? "", textOf(after) ?? "") };
  }
  if (before?.kind === "list" || after?.kind === "list") {
    const was = new Set(before?.kind === "list" ? before.items : []);
    const now = new Set(after?.kind === "list" ? after.items : []);
    return { ...base, kind: "list", added: [...now].filter((item) => !was.has(item)), removed: [...was].filter((item) => !now.has(item)) };
  }
  return { ...base, kind: "value", before: textOf(before), after: textOf(after) };
}

/**
 * The changes from `before` (null: the entry did not exist) to `after`, in the entry's field
 * order. With `changedColumns` (one revision), only the columns the ledger recorded as changed.
 */
export function diffDisplays(specs: readonly FieldSpec[], before: DisplayMap | null, after: DisplayMap, changedColumns?: string[]): FieldChange[] {
  const touched = changedColumns ? new Set(changedColumns) : null;
  return specs.flatMap((spec) => {
    if (touched && !touched.has(spec.key) && !(spec.type === "moment" && (touched.has(spec.precisionKey) || (spec.untilKey && touched.has(spec.untilKey))))) return [];
    const change = changeOf(spec, before?.[spec.key] ?? null, after[spec.key] ?? null);
    return change ? [change] : [];
  });
}
