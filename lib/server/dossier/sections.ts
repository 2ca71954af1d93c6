import "server-only";
import { richTextToPlainText, type RichTextDoc } from "@/lib/rich-text";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import type { FeedItem } from "@/lib/server/history/feed";
import type { QuestionView } from "@/lib/entry-kinds/question";
import type { QuoteView } from "@/lib/entry-kinds/quote";
import type { SourceView } from "@/lib/entry-kinds/source";
import type { TimelineEventView } from "@/lib/entry-kinds/timeline-event";
import { formatApproximate } from "@/lib/approximate-date";
import { excerpt } from "@/lib/entry-kinds/snapshot";
import { directionOfLanguage, isolate } from "@/lib/bidi";
import { formatMoment } from "@/lib/time-zone";
import { toProvenance } from "./evidence";
import type { DossierAssignment, DossierChange, DossierEvent, DossierFollowUp, DossierQuestion, DossierQuote, DossierSource, RichText } from "./types";

// The live panels' views, as dossier data: plain values, ISO times with a label in the
// exporter's zone. What may be shown was decided by the views (access and redaction).

export const rich = (doc: RichTextDoc): RichText => ({ doc, text: richTextToPlainText(doc) });

export function toSource(source: SourceView, contact: string | null): DossierSource {
  return {
    id: source.id,
    name: source.displayName,
    alias: source.alias,
    identityRedacted: source.identityHidden,
    kind: source.kind,
    affiliation: source.affiliation,
    protection: source.protection,
    reliability: source.reliability,
    link: source.link,
    contact,
    notes: rich(source.notes),
    quoteCount: source.quoteCount,
  };
}

export function toQuote(quote: QuoteView, timeZone: string): DossierQuote {
  return {
    id: quote.id,
    text: quote.text,
    language: quote.language,
    direction: directionOfLanguage(quote.language),
    saidAt: quote.saidAt?.toISOString() ?? null,
    saidAtLabel: quote.saidAt ? formatApproximate({ at: quote.saidAt, precision: quote.saidAtPrecision, until: quote.saidUntil }, timeZone) : null,
    medium: quote.medium,
    link: quote.link,
    verification: quote.verification,
    use: quote.use,
    notes: rich(quote.notes),
    ...(toProvenance(quote) ? { provenance: toProvenance(quote) } : {}),
  };
}

/** Quotes grouped by speaker (speakers by name), each speaker's quotes in the order they were said. */
export function quotesBySpeaker(quotes: QuoteView[], timeZone: string) {
  const groups = new Map<string, { speaker: string; speakerId: string; quotes: QuoteView[] }>();
  for (const quote of quotes) {
    const group = groups.get(quote.speaker.id) ?? { speaker: quote.speaker.label, speakerId: quote.speaker.id, quotes: [] };
    group.quotes.push(quote);
    groups.set(quote.speaker.id, group);
  }
  const when = (quote: QuoteView) => quote.saidAt?.getTime() ?? quote.createdAt.getTime();
  return [...groups.values()]
    .sort((a, b) => a.speaker.localeCompare(b.speaker))
    .map((group) => ({ speaker: group.speaker, speakerId: group.speakerId, quotes: group.quotes.sort((a, b) => when(a) - when(b)).map((quote) => toQuote(quote, timeZone)) }));
}

export function toAssignment(followUp: FollowUpView, timeZone: string): DossierAssignment {
  return {
    title: followUp.title,
    assignee: followUp.assigneeName,
    dueAt: followUp.dueAt?.toISOString() ?? null,
    dueLabel: followUp.dueAt ? formatMoment(followUp.dueAt, timeZone) : null,
    status: followUp.status,
    overdue: followUp.overdue,
  };
}

export function toFollowUp(followUp: FollowUpView, timeZone: string): DossierFollowUp {
  return {
    ...toAssignment(followUp, timeZone),
    id: followUp.id,
    details: followUp.details,
    assignedBy: followUp.assignedByName,
    priority: followUp.priority,
    response: followUp.response,
    responseNote: followUp.responseNote,
    completionNote: followUp.completionNote,
    about: followUp.link?.label ?? null,
  };
}

export function toQuestion(question: QuestionView, followUps: FollowUpView[], timeZone: string): DossierQuestion {
  return {
    id: question.id,
    text: question.text,
    whyItMatters: question.whyItMatters,
    priority: question.priority,
    status: question.status,
    answer: rich(question.answer),
    answeredBy: [
      // An English sentence ("Brad Smith: “…”"), as the quote kind's describe() says it, with a
      // longer excerpt: its marks, with the name and the words isolated.
      ...question.answerQuotes.map((quote) => `${isolate(quote.speaker.label)}: “${isolate(excerpt(quote.text, 120))}”`),
      ...question.answerSources.map((source) => source.label),
    ],
    assignments: followUps.filter((f) => f.open && f.link?.id === question.id).map((f) => toAssignment(f, timeZone)),
  };
}

export function toEvent(event: TimelineEventView, timeZone: string): DossierEvent {
  return {
    id: event.id,
    at: event.occurredAt.toISOString(),
    atLabel: formatApproximate({ at: event.occurredAt, precision: event.precision, until: event.occurredUntil }, timeZone),
    precision: event.precision,
    what: event.what,
    sources: event.sources.map((source) => source.label),
  };
}

export function toChange(item: FeedItem, timeZone: string, withHash: boolean): DossierChange {
  return {
    seq: item.seq,
    at: item.at.toISOString(),
    atLabel: formatMoment(item.at, timeZone),
    actor: item.actorName,
    action: item.action,
    entityType: item.entityType,
    label: item.label,
    fields: item.fields,
    reason: item.reason,
    ...(withHash ? { hash: item.hash } : {}),
  };
}
