import "server-only";
import { db } from "@/lib/db";
import { entryModule, type ViewOf } from "@/lib/entry-kinds";
import { EXPORTED_KINDS, kindTitle } from "@/lib/entry-kinds/kinds";
import type { EntryModule } from "@/lib/entry-kinds/types";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { storyAsOf, type StoryAsOf } from "@/lib/server/history/as-of";
import { changesBetween } from "@/lib/server/history/feed";
import { resolveMoment, seqAt, type MomentInput } from "@/lib/server/history/moments";
import { SourceLens, contactsFor } from "@/lib/server/sources/protection";
import { formatMoment, fromLocalInput } from "@/lib/time-zone";
import { DOSSIER_PROFILES, dossierOptionsSchema, type DossierOptions, type DossierOptionsInput, type DossierSection } from "@/lib/validations/dossier";
import { parseInput } from "@/lib/validations/parse";
import { STORY_STATUS_LABELS, type StoryStatusValue } from "@/lib/validations/story";
import { toClaim, toDocument } from "./evidence";
import { quotesBySpeaker, rich, toChange, toEvent, toFollowUp, toQuestion, toSource } from "./sections";
import { DOSSIER_FORMAT, DOSSIER_VERSION, type Dossier } from "./types";

// A story's dossier: the story as of a moment, through the exporter's access — redacted unless
// a lead asked otherwise — shaped into plain data that every format renders.

const CHANGE_LIMIT = { internal: 1_000, legal: 5_000, partner: 0 } as const;
const DAY = 86_400_000;

/** revisionHash: the hash of the revision the dossier shows (what its checkpoint signs); null when it is missing. */
export type BuiltDossier = { dossier: Dossier; options: DossierOptions; access: StoryAccess; slug: string; revisionHash: string | null };

/** Verify a copy rebuilds a dossier exactly as it was made: the same moment and change-log start. */
export type ExactMoments = { moment: MomentInput; sinceAt: Date | null };

/**
 * Who may export what, before anything is built: the options parse, the user reads the story,
 * only a lead asks for an unredacted copy (never of a partner dossier), and the moment exists.
 * The render queue checks a request with it before it becomes a job, and again when it renders.
 */
export async function authorizeDossier(user: SessionUser, storyId: string, raw: DossierOptionsInput, timeZone: string, exact?: ExactMoments) {
  const options = parseInput(dossierOptionsSchema, raw);
  const member = await storyAccessFor(user, storyId, "reader");
  if (options.unredacted && options.profile === "partner") {
    throw new AppError("VALIDATION", { fieldErrors: { unredacted: ["A partner dossier is always redacted."] } });
  }
  if (options.unredacted && !(member.isMember && member.role === "lead")) {
    throw new AppError("FORBIDDEN", { message: "Only the story's leads can export without redaction. Export the redacted dossier, or ask a lead." });
  }
  const access: StoryAccess = options.unredacted ? member : { ...member, redact: true };
  const moment = await resolveMoment(access, exact?.moment ?? { rev: options.rev, at: options.at }, timeZone);
  return { options, access, moment };
}

export async function buildDossier(
  user: SessionUser,
  storyId: string,
  raw: DossierOptionsInput,
  timeZone: string,
  now = new Date(),
  exact?: ExactMoments,
): Promise<BuiltDossier> {
  const { options, access, moment } = await authorizeDossier(user, storyId, raw, timeZone, exact);
  const profile = DOSSIER_PROFILES[options.profile];
  const allowed = new Set<DossierSection>(profile.sections);
  const sections = (options.sections ?? profile.sections).filter((section) => allowed.has(section));
  const want = (section: DossierSection) => sections.includes(section);
  // The comments and the change log do not depend on the entries as they stood: their reads start
  // now, beside storyAsOf's, instead of after it (their errors, if any, surface where they did).
  const sinceAt = want("changes")
    ? (exact?.sinceAt ?? (options.since ? fromLocalInput(options.since, timeZone) : options.profile === "legal" ? new Date(0) : new Date(moment.at.getTime() - DAY)))
    : null;
  // One protection lens for the entries and the change log (each source's key read and unwrapped,
  // its name opened, once), made for this call and dropped with it, through this export's access.
  const lens = SourceLens.forRequest(access);
  const commentRows = want("comments") ? started(commentRowsAt(access, moment.at)) : null;
  const changes = sinceAt ? started(changeLog(access, sinceAt, moment.seq, timeZone, CHANGE_LIMIT[options.profile] || CHANGE_LIMIT.internal, lens)) : null;
  const [state, story, revisionHash] = await Promise.all([
    storyAsOf(access, moment, lens),
    db().story.findUniqueOrThrow({ where: { id: access.storyId }, select: { id: true, slug: true } }),
    // The shown revision's hash, read from the revision itself (a revision number's moment brought it).
    moment.hash !== undefined
      ? moment.hash
      : db()
          .revision.findUnique({ where: { chain_seq: { chain: access.storyId, seq: BigInt(moment.seq) } }, select: { hash: true } })
          .then((revision) => revision?.hash ?? null),
  ]);
  if (!state.story) throw new AppError("NOT_FOUND", { message: "The story did not exist yet at that moment. Pick a later one." });

  const redacted = !options.unredacted;
  const label = (at: Date) => formatMoment(at, timeZone);

  const dossier: Dossier = {
    format: DOSSIER_FORMAT,
    version: DOSSIER_VERSION,
    story: { id: story.id, slug: story.slug, title: state.story.title, summary: state.story.summary, status: state.story.status },
    generated: { at: now.toISOString(), atLabel: label(now), by: user.name, timeZone },
    asOf: { at: moment.at.toISOString(), atLabel: label(moment.at), revision: moment.seq, now: moment.now },
    profile: options.profile,
    profileLabel: profile.label,
    redaction: {
      redacted,
      statement: redacted
        ? "Redacted: confidential sources appear only by their alias; no contact details."
        : `Not redacted: confidential identities and contact details included at the request of ${user.name} (story lead). This export is recorded.`,
    },
    sections,
  };

  const { source, quote, question, timeline_event: timeline, follow_up: followUps, document: documents, claim: claims } = state.entries;
  const quotes = options.profile === "partner" ? quote.filter((entry) => entry.verification === "verified") : quote;
  if (want("summary")) dossier.summary = rich(state.story.memo);
  if (want("facts")) dossier.facts = facts(state);
  if (want("timeline")) dossier.timeline = timeline.map((event) => toEvent(event, timeZone));
  if (want("sources")) {
    const contacts = redacted ? new Map<string, string>() : await contactsFor(access, source.map((entry) => entry.id));
    dossier.sources = [...source].sort((a, b) => a.displayName.localeCompare(b.displayName)).map((entry) => toSource(entry, contacts.get(entry.id) ?? null));
  }
  if (want("quotes")) dossier.quotes = quotesBySpeaker(quotes, timeZone);
  if (want("questions")) dossier.questions = question.map((entry) => toQuestion(entry, followUps, timeZone));
  if (want("followUps")) dossier.followUps = followUps.map((followUp) => toFollowUp(followUp, timeZone));
  if (want("evidence")) dossier.evidence = documents.map((document) => toDocument(document, timeZone));
  if (want("disagreements")) dossier.disagreements = claims.map(toClaim);
  if (commentRows) dossier.comments = comments(state, await commentRows, moment.at, timeZone);
  if (want("changes")) {
    if (!sinceAt || !changes) throw new AppError("VALIDATION", { fieldErrors: { since: ["Enter a date and time."] } });
    const { sinceSeq, items, total } = await changes;
    dossier.changes = {
      since: sinceAt.toISOString(),
      sinceLabel: sinceSeq === 0 ? "the story's beginning" : label(sinceAt),
      total,
      truncated: total > items.length,
      entries: items.map((item) => toChange(item, timeZone, options.profile === "legal")),
    };
  }
  if (want("verification")) {
    dossier.verification = {
      chainHeadSeq: moment.seq,
      chainHeadHash: revisionHash,
      command: `npm run audit:verify -- ${story.id} --dossier <this file>`,
      explanation:
        `Every change to this story is a revision in a hash chain. This dossier reflects revision #${moment.seq}; its hash above must match ` +
        `revision #${moment.seq} of the live ledger (story History → chain head, or the command below), and the command recomputes every link. ` +
        `The desk signed that hash when it made this copy (the signed checkpoint on the cover); Verify a copy, in Storydesk, checks the copy and the ledger against each other.`,
    };
  }
  return { dossier, options, access, slug: story.slug, revisionHash };
}

function facts(state: StoryAsOf): { label: string; value: string }[] {
  const { source: sources, quote: quotes, question: questions, timeline_event: timeline, follow_up: followUps } = state.entries;
  const confidential = sources.filter((source) => source.protection === "confidential").length;
  const verified = quotes.filter((quote) => quote.verification === "verified").length;
  const disputed = quotes.filter((quote) => quote.verification === "disputed" || quote.verification === "retracted").length;
  const open = questions.filter((question) => question.status === "open" || question.status === "chasing").length;
  const answered = questions.filter((question) => question.status === "answered").length;
  const openFollowUps = followUps.filter((followUp) => followUp.open);
  const overdue = openFollowUps.filter((followUp) => followUp.overdue).length; // measured at the moment
  const events = timeline.map((event) => event.occurredAt.getTime()).sort((a, b) => a - b);
  return [
    { label: "Status", value: STORY_STATUS_LABELS[state.story!.status as StoryStatusValue] ?? state.story!.status },
    { label: "Sources", value: `${sources.length}${confidential ? ` (${confidential} confidential)` : ""}` },
    { label: "Quotes", value: `${quotes.length}: ${verified} verified${disputed ? `, ${disputed} disputed or retracted` : ""}` },
    { label: "Questions", value: `${open} open, ${answered} answered, of ${questions.length}` },
    { label: "Follow-ups", value: `${openFollowUps.length} open${overdue ? `, ${overdue} overdue` : ""}` },
    ...(events.length ? [{ label: "Timeline", value: `${events.length} events, ${new Date(events[0]!).toISOString().slice(0, 10)} to ${new Date(events.at(-1)!).toISOString().slice(0, 10)}` }] : []),
  ];
}

/** A read started ahead of its use: a rejection before it is awaited is not unhandled (it is thrown where it is awaited). */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** The change log's revisions: from the first after `sinceAt` to the one shown, at most `limit`. */
async function changeLog(access: StoryAccess, sinceAt: Date, toSeq: number, timeZone: string, limit: number, lens: SourceLens) {
  const sinceSeq = sinceAt.getTime() === 0 ? 0 : await seqAt(access.storyId, sinceAt);
  return { sinceSeq, ...(await changesBetween(access, sinceSeq, toSeq, timeZone, limit, lens)) };
}

/** The story's comments as they stood (made by then and not yet deleted), oldest first. */
function commentRowsAt(access: StoryAccess, at: Date) {
  return db().comment.findMany({
    where: { storyId: access.storyId, createdAt: { lte: at }, OR: [{ deletedAt: null }, { deletedAt: { gt: at } }] },
    orderBy: { createdAt: "asc" },
    select: { entityId: true, body: true, createdAt: true, resolvedAt: true, author: { select: { name: true } } },
    take: 5_000,
  });
}

/** The entries' comment threads as they stood. */
function comments(state: StoryAsOf, rows: Awaited<ReturnType<typeof commentRowsAt>>, at: Date, timeZone: string): NonNullable<Dossier["comments"]> {
  // Each commented entry named as it stood, by its kind's module (a hidden source by its alias):
  // only those are described (a few dozen of a thousand entries).
  const commented = new Set(rows.map((row) => row.entityId));
  const labels = new Map(
    EXPORTED_KINDS.flatMap((kind) => {
      const kindModule = entryModule(kind) as EntryModule<ViewOf<typeof kind>>;
      return (state.entries[kind] as ViewOf<typeof kind>[]).flatMap((view) => (commented.has(view.id) ? [[view.id, { type: kindTitle(kind), label: kindModule.describe(view) }] as const] : []));
    }),
  );
  const threads = new Map<string, NonNullable<Dossier["comments"]>[number]>();
  for (const row of rows) {
    const entry = labels.get(row.entityId);
    if (!entry) continue;
    const thread = threads.get(row.entityId) ?? { entryType: entry.type, entryLabel: entry.label, comments: [] };
    thread.comments.push({ author: row.author.name, at: row.createdAt.toISOString(), atLabel: formatMoment(row.createdAt, timeZone), body: row.body, resolved: row.resolvedAt !== null && row.resolvedAt <= at });
    threads.set(row.entityId, thread);
  }
  return [...threads.values()];
}
