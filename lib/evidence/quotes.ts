// Direct quotations in a document's text, with their attribution where the sentence gives one,
// proposed as quotes for the desk to accept or dismiss.
import { describeRange, type Anchor } from "./selectors";

export type SpeakerCandidate = { id: string; names: string[] };
export type QuoteProposal = { text: string; anchor: Anchor; attribution: string | null; speakerId: string | null; language: string | null };

const PAIRS: [string, string][] = [
  ["“", "”"],
  ['"', '"'],
  ["«", "»"],
  ["״", "״"],
  ["„", "“"],
];

/** The direct quotations in `body` (first version: balanced marks, no attribution yet). */
export function proposeQuotes(body: string, speakers: SpeakerCandidate[] = []): QuoteProposal[] {
  void speakers;
  const proposals: QuoteProposal[] = [];
  for (const [open, close] of PAIRS) {
    for (let at = body.indexOf(open); at !== -1; ) {
      const end = body.indexOf(close, at + 1);
      if (end === -1) break;
      const text = body.slice(at + 1, end);
      if (text.trim()) proposals.push({ text, anchor: describeRange(body, at + 1, end), attribution: null, speakerId: null, language: null });
      at = body.indexOf(open, end + 1);
    }
  }
  return proposals.sort((a, b) => a.anchor.position.start - b.anchor.position.start);
}
