import "server-only";
import { AppError } from "@/lib/errors";
import type { StoredAnchor } from "@/lib/entry-kinds/passages";
import { EvidenceError, parseEvidence, type EvidenceInput, type ParsedEvidence } from "@/lib/evidence/parse";
import { describeRange, type Anchor } from "@/lib/evidence/selectors";

// The app's one door to the text engine (lib/evidence, issue 17's other half): its errors become
// the desk's (a clear VALIDATION message, nothing stored), and its anchors the stored form
// (the W3C selectors as a Web Annotation lists them: [TextQuoteSelector, TextPositionSelector]).

export { anchorIn, reanchorAll, type AnchorResult } from "@/lib/evidence/anchor";
export { proposeQuotes, type QuoteProposal, type SpeakerCandidate } from "@/lib/evidence/quotes";
export { diffTakes, type WordChange } from "@/lib/evidence/diff";
export type { Anchor, ParsedEvidence };

/** parseEvidence, its user-facing errors as VALIDATION (anything else is unexpected: a 500, logged). */
export async function parse(input: EvidenceInput): Promise<ParsedEvidence> {
  try {
    return await parseEvidence(input);
  } catch (error) {
    if (error instanceof EvidenceError) throw new AppError("VALIDATION", { message: (error as Error).message });
    throw error;
  }
}

export const describeAnchor = describeRange;
export const toStored = (anchor: Anchor): StoredAnchor => [anchor.quote, anchor.position];
export const fromStored = ([quote, position]: StoredAnchor): Anchor => ({ quote, position });

/** The stored anchor of a passage of `body` (offsets checked: a passage outside the text is the user's mistake). */
export function anchorPassage(body: string, start: number, end: number): { anchor: StoredAnchor; text: string } {
  if (start < 0 || end > body.length || end <= start) throw new AppError("VALIDATION", { message: "That passage is not in the document. Select the words again." });
  const text = body.slice(start, end);
  if (!text.trim()) throw new AppError("VALIDATION", { message: "Select some words of the document, not only spaces." });
  return { anchor: toStored(describeRange(body, start, end)), text };
}
