import "server-only";
import { db } from "@/lib/db";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { PAGE_SIZE, pageOf, type Page } from "@/lib/server/paging";
import { present as presentQuestions, type QuestionRow, type QuestionView } from "@/lib/server/questions";
import { present as presentQuotes, type QuoteRow, type QuoteView } from "@/lib/server/quotes";
import { maySeeProtected, present as presentSource, type SourceRow, type SourceView } from "@/lib/server/sources";
import { present as presentEvents, type EventRow, type TimelineEventView } from "@/lib/server/timeline";
import type { WorkspaceCounts } from "@/lib/server/workspace";
import { present as presentFollowUps, type FollowUpRow, type FollowUpView } from "@/lib/server/follow-ups/read";
import type { Panel } from "@/lib/validations/workspace";
import type { Snapshot } from "./lens";
import { resolveMoment, type MomentInput, type StoryMoment } from "./moments";

// The workspace as it stood at a moment: each entry's latest revision at or before that
// position in the chain, read through the same presenters as the live panels (so the same
// protection rules apply). Entries are never hard-deleted, so the story's tables list every
// entry that ever existed; each is one probe of the (entity_id, seq) index. The cost grows
// with the number of entries, not with the length of the history.

const KIND_OF_PANEL = { sources: "source", quotes: "quote", questions: "question", timeline: "timeline_event", "follow-ups": "follow_up" } as const;
type EntryPanel = keyof typeof KIND_OF_PANEL;

export type AsOfStory = { title: string; summary: string; status: string; memo: RichTextDoc };

export type AsOfWorkspace = {
  moment: StoryMoment;
  story: AsOfStory | null;
  counts: WorkspaceCounts;
  sources?: Page<SourceView>;
  quotes?: Page<QuoteView>;
  questions?: Page<QuestionView>;
  timeline?: Page<TimelineEventView>;
  followUps?: Page<FollowUpView>;
};

/** A snapshot (columns as JSON) as the row Prisma returns: camelCase keys, dates as Dates. */
export function rowFromSnapshot<T>(snapshot: Snapshot, extra: Record<string, unknown> = {}): T {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(snapshot)) {
    const name = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    row[name] = key.endsWith("_at") && typeof value === "string" ? new Date(value) : value;
  }
  return { ...row, ...extra } as T;
}

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const FOLLOW_UP_OPEN = new Set(["todo", "in_progress"]);
const time = (value: unknown) => (typeof value === "string" ? Date.parse(value) : 0);
const includes = (value: unknown, q: string) => typeof value === "string" && value.toLowerCase().includes(q);

type Probe = { type: string; live: boolean; open: boolean; snapshot: Snapshot | null };

export async function workspaceAsOf(
  user: SessionUser,
  storyId: string,
  momentInput: MomentInput,
  panel: Panel,
  options: { q?: string; page: number },
  timeZone: string,
): Promise<AsOfWorkspace> {
  const access = await storyAccessFor(user, storyId, "reader");
  const moment = await resolveMoment(access, momentInput, timeZone);
  const kind = panel === "overview" ? null : KIND_OF_PANEL[panel as EntryPanel];
  const id = access.storyId;
  const [probes, story] = await Promise.all([probeEntries(id, moment.seq, kind ? [kind] : []), storySnapshotAt(id, moment.seq)]);
  const live = probes.filter((probe) => probe.live);
  const count = (type: string) => live.filter((probe) => probe.type === type).length;
  const counts: WorkspaceCounts = {
    sources: count("source"),
    quotes: count("quote"),
    questions: count("question"),
    openQuestions: live.filter((probe) => probe.type === "question" && probe.open).length,
    timeline: count("timeline_event"),
    openFollowUps: live.filter((probe) => probe.type === "follow_up" && probe.open).length,
  };
  const result: AsOfWorkspace = { moment, story, counts };
  if (!kind) return result;

  const q = options.q?.trim().toLowerCase();
  let snapshots = live.flatMap((probe) => (probe.type === kind && probe.snapshot ? [probe.snapshot] : []));
  if (q) {
    snapshots = snapshots.filter((s) =>
      kind === "source"
        ? includes(s.alias, q) || (s.protection !== "confidential" && (includes(s.name, q) || includes(s.affiliation, q)))
        : includes(kind === "timeline_event" ? s.what : kind === "follow_up" ? s.title : s.text, q),
    );
  }
  snapshots = sortSnapshots(kind, snapshots);
  const total = snapshots.length;
  const slice = snapshots.slice((options.page - 1) * PAGE_SIZE, options.page * PAGE_SIZE);
  const views = await presentSnapshots(access, kind, slice, moment);
  if (kind === "source") result.sources = pageOf(views as SourceView[], total, options.page);
  if (kind === "quote") result.quotes = pageOf(views as QuoteView[], total, options.page);
  if (kind === "question") result.questions = pageOf(views as QuestionView[], total, options.page);
  if (kind === "follow_up") result.followUps = pageOf(views as FollowUpView[], total, options.page);
  if (kind === "timeline_event") result.timeline = pageOf(views as TimelineEventView[], total, options.page);
  return result;
}

type EntryKind = (typeof KIND_OF_PANEL)[EntryPanel];

/** Each entry's latest revision at `seq` (snapshots only for the `wanted` kinds). */
function probeEntries(storyId: string, seq: number, wanted: string[]): Promise<Probe[]> {
  return db().$queryRaw<Probe[]>`
    WITH entities AS (
      SELECT id, 'source' AS type FROM sources WHERE story_id = ${storyId}::uuid
      UNION ALL SELECT id, 'quote' FROM quotes WHERE story_id = ${storyId}::uuid
      UNION ALL SELECT id, 'question' FROM questions WHERE story_id = ${storyId}::uuid
      UNION ALL SELECT id, 'timeline_event' FROM timeline_events WHERE story_id = ${storyId}::uuid
      UNION ALL SELECT id, 'follow_up' FROM follow_ups WHERE story_id = ${storyId}::uuid
    )
    SELECT e.type,
           (r.snapshot ->> 'deleted_at') IS NULL AS live,
           (r.snapshot ->> 'status') IN ('open', 'chasing', 'todo', 'in_progress') AS open,
           CASE WHEN e.type = ANY(${wanted}::text[]) THEN r.snapshot END AS snapshot
      FROM entities e
      CROSS JOIN LATERAL (
        SELECT snapshot FROM revisions
         WHERE entity_id = e.id AND seq <= ${seq} AND chain = ${storyId}
         ORDER BY seq DESC LIMIT 1
      ) r`;
}

async function storySnapshotAt(storyId: string, seq: number): Promise<AsOfStory | null> {
  const [row] = await db().$queryRaw<{ snapshot: Snapshot }[]>`
    SELECT snapshot FROM revisions WHERE entity_id = ${storyId}::uuid AND chain = ${storyId} AND seq <= ${seq}
     ORDER BY seq DESC LIMIT 1`;
  const snapshot = row?.snapshot;
  return snapshot
    ? {
        title: String(snapshot.title ?? ""),
        summary: String(snapshot.summary ?? ""),
        status: String(snapshot.status ?? "developing"),
        memo: (snapshot.memo as RichTextDoc | undefined) ?? { type: "doc", content: [] },
      }
    : null;
}

/** Snapshots of one kind as the live panels show them (their own presenters, the same protection). */
async function presentSnapshots(access: StoryAccess, kind: EntryKind, snapshots: Snapshot[], moment: StoryMoment) {
  const people = snapshots.flatMap((s) => [s.logged_by_id, s.assignee_id, s.assigned_by_id].filter((v): v is string => typeof v === "string"));
  const users = people.length ? await db().user.findMany({ where: { id: { in: [...new Set(people)] } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((user) => [user.id, user.name]));
  const nameOf = (value: unknown) => ({ name: names.get(String(value)) ?? "Former account" });
  const rows = snapshots.map((s) => rowFromSnapshot<Record<string, unknown>>(s, { loggedBy: nameOf(s.logged_by_id), assignee: nameOf(s.assignee_id), assignedBy: nameOf(s.assigned_by_id) }));
  switch (kind) {
    case "source":
      return sourcesAsOf(access, rows as unknown as SourceRow[], moment.seq);
    case "quote":
      return presentQuotes(access, rows as unknown as QuoteRow[]);
    case "question":
      return presentQuestions(access, rows as unknown as QuestionRow[]);
    case "timeline_event":
      return presentEvents(access, rows as unknown as EventRow[]);
    case "follow_up":
      // Overdue as it was then: measured against the moment, not today.
      return presentFollowUps(access, rows.map(({ loggedBy: _l, ...row }) => row) as unknown as FollowUpRow[], db(), moment.at);
  }
}

export type StoryAsOf = {
  moment: StoryMoment;
  story: AsOfStory | null;
  sources: SourceView[];
  quotes: QuoteView[];
  questions: QuestionView[];
  timeline: TimelineEventView[];
  followUps: FollowUpView[];
};

/**
 * Every entry of the story as it stood at a moment (live then; deleted later ones included),
 * in the panels' orders: for a dossier. One probe per entry, as for a panel.
 */
export async function storyAsOf(access: StoryAccess, moment: StoryMoment): Promise<StoryAsOf> {
  const kinds: EntryKind[] = ["source", "quote", "question", "timeline_event", "follow_up"];
  const [probes, story] = await Promise.all([probeEntries(access.storyId, moment.seq, kinds), storySnapshotAt(access.storyId, moment.seq)]);
  const live = probes.filter((probe) => probe.live && probe.snapshot);
  const of = (kind: EntryKind) => sortSnapshots(kind, live.filter((probe) => probe.type === kind).map((probe) => probe.snapshot!));
  const [sources, quotes, questions, timeline, followUps] = await Promise.all(kinds.map((kind) => presentSnapshots(access, kind, of(kind), moment)));
  return {
    moment,
    story,
    sources: (sources as SourceView[]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
    quotes: quotes as QuoteView[],
    questions: questions as QuestionView[],
    timeline: timeline as TimelineEventView[],
    followUps: followUps as FollowUpView[],
  };
}

/**
 * Sources as they stood, with today's protection applied on top: a source that is
 * confidential now stays hidden from a reader who may not see it, even in a moment from
 * before it was made confidential (its earlier revisions hold the name in the clear).
 */
async function sourcesAsOf(access: StoryAccess, rows: SourceRow[], seq: number): Promise<SourceView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [current, quoteCounts] = await Promise.all([
    db().source.findMany({ where: { id: { in: ids }, storyId: access.storyId }, select: { id: true, protection: true, alias: true } }),
    db().$queryRaw<{ speaker_id: string; quotes: bigint }[]>`
      SELECT r.snapshot ->> 'speaker_id' AS speaker_id, count(*) AS quotes
        FROM quotes q
        CROSS JOIN LATERAL (
          SELECT snapshot FROM revisions WHERE entity_id = q.id AND seq <= ${seq} AND chain = ${access.storyId}
           ORDER BY seq DESC LIMIT 1
        ) r
       WHERE q.story_id = ${access.storyId}::uuid AND (r.snapshot ->> 'deleted_at') IS NULL
         AND r.snapshot ->> 'speaker_id' = ANY (${ids}::text[])
       GROUP BY 1`,
  ]);
  const now = new Map(current.map((row) => [row.id, row]));
  const counts = new Map(quoteCounts.map((row) => [row.speaker_id, Number(row.quotes)]));
  return rows.map((row) => {
    const today = now.get(row.id);
    const forced = today?.protection === "confidential" && row.protection !== "confidential" && !maySeeProtected(access, row.loggedById);
    const view = presentSource(forced ? { ...row, protection: "confidential", alias: today.alias } : row, access, counts.get(row.id) ?? 0);
    return forced ? { ...view, protection: row.protection } : view;
  });
}


/** The panels' orders: timeline by time, questions by priority, follow-ups open and soonest due first, the rest newest first. */
function sortSnapshots(kind: EntryKind, snapshots: Snapshot[]): Snapshot[] {
  return snapshots.sort((a, b) =>
    kind === "timeline_event"
      ? time(a.occurred_at) - time(b.occurred_at)
      : kind === "follow_up"
        ? Number(!FOLLOW_UP_OPEN.has(String(a.status))) - Number(!FOLLOW_UP_OPEN.has(String(b.status))) || (time(a.due_at) || Infinity) - (time(b.due_at) || Infinity)
      : kind === "question"
        ? (PRIORITY_RANK[String(a.priority)] ?? 9) - (PRIORITY_RANK[String(b.priority)] ?? 9) || time(b.created_at) - time(a.created_at)
        : time(b.created_at) - time(a.created_at),
  );
}
