// Direct quotations in a document's text, with their attribution where the sentence gives one
// and the story's source it names, proposed as quotes for the desk to accept or dismiss.
import { languageOfScript } from "@/lib/bidi";
import { attributionOf } from "./attribution";
import { findQuoteSpans, type QuoteSpan } from "./marks";
import { describeRange, type Anchor } from "./selectors";
import { findSpeaker } from "./speakers";

/** A source as the story knows it: `names` are its name, aliases and affiliation, the name first. */
export type SpeakerCandidate = { id: string; names: string[] };
export type QuoteProposal = { text: string; anchor: Anchor; attribution: string | null; speakerId: string | null; language: string | null };

// A sentence ends at . ! ? ؟ (or a paragraph break), not at "Mr." or "U.N." or a decimal point.
const SENTENCE_END = /(?<!\b(?:Mr|Mrs|Ms|Dr|Prof|St|Sen|Rep|Gen|Col|Lt|Gov|Jr|Sr|No|vs|etc|Inc|Ltd|Co|Corp))(?<!\b\p{Lu})[.!?؟](?=[\s"”’»״]*(?:\s|$))|\n\s*\n/gu;

function sentenceStart(body: string, at: number, spans: QuoteSpan[]): number {
  const from = Math.max(0, at - 600);
  let start = from === 0 ? 0 : from;
  SENTENCE_END.lastIndex = from;
  for (let m = SENTENCE_END.exec(body); m && m.index < at; m = SENTENCE_END.exec(body)) {
    const end = m.index + m[0].length;
    // A full stop inside an earlier quotation ends that sentence too; one inside this quotation does not matter here.
    if (end <= at && !spans.some((span) => span.open < m!.index && m!.index < span.close && span.close >= at)) start = end;
  }
  return start;
}

function sentenceEnd(body: string, at: number): number {
  SENTENCE_END.lastIndex = at;
  const m = SENTENCE_END.exec(body);
  const end = m ? m.index + (m[0].startsWith("\n") ? 0 : 1) : body.length;
  return Math.min(end, at + 600);
}

/** Where the paragraph holding `at` starts (its break's offset; -1 for the first). */
const paragraphOf = (body: string, at: number) => (at < 0 ? -1 : body.lastIndexOf("\n\n", at));

/**
 * The direct quotations in `body`, in order, each with its anchor (W3C selectors on the words
 * between the marks), the words that attribute it, and the matching source when exactly one fits.
 * A quotation with no attribution of its own that follows another in the next paragraph (or is
 * attributed to "he"/"she") is given that one's speaker: wire copy quotes a speaker in runs.
 * A quotation's language is its script's (Hebrew, Arabic), else `options.language` (the document's).
 */
export function proposeQuotes(body: string, speakers: SpeakerCandidate[] = [], options: { language?: string | null } = {}): QuoteProposal[] {
  const spans = findQuoteSpans(body);
  const proposals: QuoteProposal[] = [];
  let previous: { proposal: QuoteProposal; close: number } | null = null;
  for (const span of spans) {
    const start = span.open + 1;
    const end = span.close;
    const before = body.slice(sentenceStart(body, span.open, spans), span.open);
    // The rest of the sentence, up to the next quotation (whose attribution is its own).
    const next = spans.find((other) => other.open > span.close);
    const after = body.slice(span.close + 1, Math.min(sentenceEnd(body, span.close + 1), next?.open ?? body.length));
    const found = attributionOf(before, after);
    let attribution = found && !found.pronoun ? found.phrase : null;
    const speaker = attribution ? findSpeaker(attribution, speakers) : null;
    let speakerId = speaker?.id ?? null;
    // A whole clause before the verb ("Microsoft launched its review and later informed …"): the name in it says enough.
    if (speaker && attribution && attribution.split(/\s+/u).length > 6 && !/[,،]/u.test(attribution)) attribution = speaker.mention;
    const standsAlone = !before.trim() && !after.replace(/^[\s.,;:!?،؛]*/u, "").trim();
    const paragraph = paragraphOf(body, span.open);
    const followsOn = previous && [paragraph, paragraphOf(body, paragraph - 1)].includes(paragraphOf(body, previous.close));
    if (previous && ((found?.pronoun ?? false) || (!found && standsAlone && followsOn))) {
      attribution = previous.proposal.attribution;
      speakerId = previous.proposal.speakerId;
    }
    const text = body.slice(start, end);
    const proposal: QuoteProposal = { text, anchor: describeRange(body, start, end), attribution, speakerId, language: languageOfScript(text) ?? options.language ?? null };
    proposals.push(proposal);
    previous = { proposal, close: span.close };
  }
  return proposals;
}
