// Word differences between two takes of a document. The desk already has one word diff (the
// history's, Intl.Segmenter words so Hebrew and Arabic stay whole); this reuses it.
import { wordParts } from "@/lib/server/history/diff";

export type WordChange = { op: "same" | "added" | "removed"; text: string };

/** before → after as runs of unchanged, removed and added words; joined per side, each side's text. */
export function diffTakes(before: string, after: string): WordChange[] {
  return wordParts(before, after).map((part) => ({ op: part.change ?? "same", text: part.text }));
}
