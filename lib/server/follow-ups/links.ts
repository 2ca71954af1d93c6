import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { StoryAccess } from "@/lib/server/access";
import { sourceOptions } from "@/lib/server/sources";
import { FOLLOW_UP_LINK_LABELS, type FollowUpLinkKind } from "@/lib/validations/follow-ups";

// What a follow-up is about: a question, source, quote or timeline event of the same story,
// named as this user may name it (a confidential source by its alias, unless they may see it).

export type FollowUpLink = { kind: FollowUpLinkKind; id: string; label: string; deleted: boolean };

const short = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export async function assertLink(tx: Tx, storyId: string, link: { kind: FollowUpLinkKind; id: string } | null): Promise<void> {
  if (!link) return;
  const where = { id: link.id, storyId };
  const found =
    link.kind === "question" ? await tx.question.count({ where })
    : link.kind === "source" ? await tx.source.count({ where })
    : link.kind === "quote" ? await tx.quote.count({ where })
    : await tx.timelineEvent.count({ where });
  if (found === 0) throw new AppError("VALIDATION", { fieldErrors: { link: ["Link an entry of this story, or none."] } });
}

/** Labels of linked entries, by id, in four queries at most (one per kind that occurs). */
export async function linkLabels(access: StoryAccess, links: { kind: string | null; id: string | null }[], client: Tx = db()): Promise<Map<string, FollowUpLink>> {
  const idsOf = (kind: FollowUpLinkKind) => [...new Set(links.filter((l) => l.kind === kind && l.id).map((l) => l.id!))];
  const [questions, sources, quotes, events] = await Promise.all([
    idsOf("question").length ? client.question.findMany({ where: { storyId: access.storyId, id: { in: idsOf("question") } }, select: { id: true, text: true, deletedAt: true } }) : [],
    idsOf("source").length ? sourceOptions(access, idsOf("source"), client) : [],
    idsOf("quote").length
      ? client.quote.findMany({ where: { storyId: access.storyId, id: { in: idsOf("quote") } }, select: { id: true, text: true, speakerId: true, deletedAt: true } })
      : [],
    idsOf("timeline_event").length
      ? client.timelineEvent.findMany({ where: { storyId: access.storyId, id: { in: idsOf("timeline_event") } }, select: { id: true, what: true, deletedAt: true } })
      : [],
  ]);
  const speakers = quotes.length ? new Map((await sourceOptions(access, [...new Set(quotes.map((q) => q.speakerId))], client)).map((s) => [s.id, s.label])) : new Map<string, string>();
  const result = new Map<string, FollowUpLink>();
  for (const q of questions) result.set(q.id, { kind: "question", id: q.id, label: short(q.text), deleted: q.deletedAt !== null });
  for (const s of sources) result.set(s.id, { kind: "source", id: s.id, label: s.label, deleted: s.deleted });
  for (const q of quotes) result.set(q.id, { kind: "quote", id: q.id, label: `${speakers.get(q.speakerId) ?? "Unknown"}: “${short(q.text, 70)}”`, deleted: q.deletedAt !== null });
  for (const e of events) result.set(e.id, { kind: "timeline_event", id: e.id, label: short(e.what), deleted: e.deletedAt !== null });
  return result;
}

export type LinkOption = { value: string; label: string };

/** Every live entry a follow-up can link to, for the form's picker ("question:<id>"). */
export async function linkOptions(access: StoryAccess): Promise<LinkOption[]> {
  const [questions, sources, quotes, events] = await Promise.all([
    db().question.findMany({ where: { storyId: access.storyId, deletedAt: null }, select: { id: true, text: true }, orderBy: { createdAt: "desc" }, take: 300 }),
    sourceOptions(access),
    db().quote.findMany({ where: { storyId: access.storyId, deletedAt: null }, select: { id: true, text: true, speakerId: true }, orderBy: { createdAt: "desc" }, take: 300 }),
    db().timelineEvent.findMany({ where: { storyId: access.storyId, deletedAt: null }, select: { id: true, what: true }, orderBy: { occurredAt: "desc" }, take: 300 }),
  ]);
  const speakers = new Map(sources.map((s) => [s.id, s.label]));
  const group = (kind: FollowUpLinkKind) => FOLLOW_UP_LINK_LABELS[kind];
  return [
    ...questions.map((q) => ({ value: `question:${q.id}`, label: `${group("question")}: ${short(q.text)}` })),
    ...sources.map((s) => ({ value: `source:${s.id}`, label: `${group("source")}: ${s.label}` })),
    ...quotes.map((q) => ({ value: `quote:${q.id}`, label: `${group("quote")}: ${speakers.get(q.speakerId) ?? "Unknown"}: “${short(q.text, 70)}”` })),
    ...events.map((e) => ({ value: `timeline_event:${e.id}`, label: `${group("timeline_event")}: ${short(e.what)}` })),
  ];
}
