import "server-only";
import { db } from "@/lib/db";
import { anchorOf } from "@/lib/entry-kinds/passages";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { speakerOptions } from "@/lib/server/sources/protection";
import { readDocument, type DocumentText } from "./documents";
import { anchorIn, diffTakes, fromStored, proposeQuotes, type WordChange } from "./engine";

// What the document viewer shows: the words, split in paragraphs with their offsets; the
// quotations the engine proposes, each speaker matched among the story's sources *as this
// reader may name them* (the protection lens' labels: a confidential source is matched by its
// alias only, never by a name the reader may not see); the quotes already logged from it; the
// passage asked for (a quote's provenance, a claim's version); and the word diff from the take
// it replaces.

export type Highlight = { start: number; end: number; kind: "proposal" | "quote" | "passage"; ref: string };
export type Proposal = { index: number; start: number; end: number; text: string; attribution: string | null; speakerId: string | null; loggedQuoteId: string | null };
export type ViewerData = DocumentText & {
  canWrite: boolean;
  paragraphs: { start: number; end: number }[];
  proposals: Proposal[];
  logged: { id: string; start: number; end: number; status: string }[];
  /** The passage to scroll to and highlight, if it was asked for and found. */
  focus: { start: number; end: number; found: "exact" | "changed" | "orphan" } | null;
  /** The sources the proposals' attributions name, as this reader may name them (the picker searches for others). */
  speakers: { id: string; label: string }[];
  diff: WordChange[] | null;
};

/** Each paragraph's [start, end) in the body (paragraphs are separated by a blank line). */
export function paragraphsOf(body: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (;;) {
    const gap = body.indexOf("\n\n", start);
    out.push({ start, end: gap === -1 ? body.length : gap });
    if (gap === -1) return out;
    start = gap + 2;
  }
}

export type ViewerFocus = { passage?: { start: number; end: number }; quoteId?: string };

export async function documentViewer(user: SessionUser, storyId: string, documentId: string, ask: ViewerFocus = {}): Promise<ViewerData> {
  const access = await storyAccessFor(user, storyId, "reader");
  const text = await readDocument(access, documentId);
  const { body } = text;
  // The quotations and their attributions first; then only the sources those may name are
  // opened (the keyed index leaves the others out) and matched by the labels this reader sees.
  const attributions = proposeQuotes(body).flatMap((proposal) => (proposal.attribution ? [proposal.attribution] : []));
  const sources = await speakerOptions(access, attributions);
  const quotes = await db().quote.findMany({
    where: { storyId: access.storyId, deletedAt: null, OR: [{ anchorCheckedId: documentId, anchorStatus: { not: "orphan" } }, { documentId, anchorStatus: "orphan" }] },
    select: { id: true, anchor: true, anchorStatus: true, anchorCheckedId: true },
  });
  const logged = quotes.flatMap((quote) => {
    const anchor = anchorOf(quote.anchor);
    if (!anchor || quote.anchorCheckedId !== documentId) return [];
    return [{ id: quote.id, start: anchor[1].start, end: anchor[1].end, status: quote.anchorStatus ?? "anchored" }];
  });
  const loggedAt = new Map(logged.map((quote) => [`${quote.start}:${quote.end}`, quote.id]));
  const proposals = proposeQuotes(
    body,
    sources.map((source) => ({ id: source.id, names: [source.label] })),
  ).map((proposal, index): Proposal => {
    const { start, end } = proposal.anchor.position;
    return { index, start, end, text: proposal.text, attribution: proposal.attribution, speakerId: proposal.speakerId, loggedQuoteId: loggedAt.get(`${start}:${end}`) ?? null };
  });
  let focus: ViewerData["focus"] = null;
  if (ask.quoteId) {
    const quote = quotes.find((candidate) => candidate.id === ask.quoteId);
    const anchor = quote ? anchorOf(quote.anchor) : null;
    if (anchor) {
      const found = anchorIn(body, fromStored(anchor));
      focus = found.status === "orphan" ? null : { start: found.start, end: found.end, found: found.changed ? "changed" : "exact" };
    }
  } else if (ask.passage && ask.passage.end <= body.length && ask.passage.start < ask.passage.end) {
    focus = { ...ask.passage, found: "exact" };
  }
  let diff: WordChange[] | null = null;
  if (text.view.replacesId) {
    const before = await db().document.findFirst({ where: { id: text.view.replacesId, storyId: access.storyId }, select: { body: true } });
    diff = before ? diffTakes(before.body, body) : null;
  }
  const named = new Set(proposals.map((proposal) => proposal.speakerId));
  const speakers = sources.filter((source) => named.has(source.id)).map(({ id, label }) => ({ id, label }));
  return { ...text, canWrite: access.role !== "reader", paragraphs: paragraphsOf(body), proposals, logged, focus, speakers, diff };
}
