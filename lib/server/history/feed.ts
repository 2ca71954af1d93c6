import "server-only";
import { db, rawRows } from "@/lib/db";
import { fieldOfColumn } from "@/lib/entry-kinds";
import { isTrackedKind, type TrackedKind } from "@/lib/entry-kinds/kinds";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import type { SourceLens } from "@/lib/server/sources/protection";
import { fromLocalInput } from "@/lib/time-zone";
import type { HistoryFilters } from "@/lib/validations/history";
import { HistoryLens, type Snapshot } from "./lens";
import { chainHead, seqAt } from "./moments";

// The story's history feed: every revision, newest first, filtered by kind, person, action
// and time, 50 at a time by keyset on the sequence number (constant cost however long the
// chain: each filter has an index on (chain, filter, seq)).

export const FEED_PAGE = 50;

export type FeedItem = {
  seq: number;
  at: Date;
  actorId: string;
  actorName: string;
  action: "create" | "update" | "delete" | "restore";
  entityType: TrackedKind;
  entityId: string;
  /** The entry as it was named in this revision (an alias for a hidden source). */
  label: string;
  /** Readable names of the changed fields. */
  fields: string[];
  reason: string | null;
  hash: string;
};

export type FeedPage = {
  items: FeedItem[];
  /** Pass as `before` for the next (older) page; null at the start of the story. */
  nextBefore: number | null;
  head: { seq: number; hash: string | null };
  people: { id: string; name: string }[];
};

export async function listHistory(
  user: SessionUser,
  storyId: string,
  filters: HistoryFilters,
  timeZone: string,
  /** people: false leaves out the person filter's choices (the side panel has no filters): two statements less. */
  options: { take?: number; people?: boolean } = {},
): Promise<FeedPage> {
  const take = Math.min(options.take ?? FEED_PAGE, FEED_PAGE);
  const access = await storyAccessFor(user, storyId, "reader");
  const seqFilter: Prisma.BigIntFilter = {};
  if (filters.before) seqFilter.lt = BigInt(filters.before);
  const [fromAt, toAt] = [filters.from, filters.to].map((value) => (value ? fromLocalInput(value, timeZone) : null));
  // Time bounds become sequence bounds (one index probe each), so the feed stays a keyset scan.
  const [fromSeq, toSeq] = await Promise.all([
    fromAt ? seqAt(access.storyId, new Date(fromAt.getTime() - 1)) : null,
    toAt ? seqAt(access.storyId, toAt) : null,
  ]);
  if (fromSeq !== null) seqFilter.gt = BigInt(fromSeq);
  if (toSeq !== null) seqFilter.lte = BigInt(toSeq);

  const [rows, head, members] = await Promise.all([
    db().revision.findMany({
      where: {
        chain: access.storyId,
        ...(filters.type ? { entityType: filters.type } : {}),
        ...(filters.actor ? { actorId: filters.actor } : {}),
        ...(filters.action ? { action: filters.action } : {}),
        ...(Object.keys(seqFilter).length ? { seq: seqFilter } : {}),
      },
      orderBy: { seq: "desc" },
      take: take + 1,
      select: REVISION_SELECT,
    }),
    chainHead(access.storyId),
    options.people === false ? [] : db().storyMember.findMany({ where: { storyId: access.storyId }, select: { user: { select: { id: true, name: true } } } }),
  ]);
  const page = rows.slice(0, take);
  const items = await feedItems(access, page, timeZone);
  const people = [...new Map(members.map((member) => [member.user.id, member.user.name])).entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    items,
    nextBefore: rows.length > take ? Number(page[page.length - 1]!.seq) : null,
    head: { seq: head.seq, hash: head.hash },
    people,
  };
}

type RevisionRow = {
  /** A BigInt from Prisma, text from rawRows (int8): read through Number(). */
  seq: bigint | string;
  entityType: string;
  entityId: string;
  action: FeedItem["action"];
  actorId: string;
  reason: string | null;
  changedFields: string[];
  snapshot: Prisma.JsonValue;
  createdAt: Date;
  hash: string;
};

const REVISION_SELECT = { seq: true, entityType: true, entityId: true, action: true, actorId: true, reason: true, changedFields: true, snapshot: true, createdAt: true, hash: true } as const;

/** Revisions as feed items, read through one lens (names, protection) for this reader: the request's protection lens if given. */
async function feedItems(access: StoryAccess, page: RevisionRow[], timeZone: string, sources?: SourceLens): Promise<FeedItem[]> {
  const refs = page.map((row) => ({ entityType: row.entityType, snapshot: row.snapshot as Snapshot }));
  const lens = await HistoryLens.load(access, refs, timeZone, page.map((row) => row.actorId), db(), sources);
  return page.flatMap((row): FeedItem[] => {
    if (!isTrackedKind(row.entityType)) return [];
    const snapshot = row.snapshot as Snapshot;
    const fields =
      row.action === "update"
        ? [...new Set(row.changedFields.flatMap((column) => fieldOfColumn(row.entityType as TrackedKind, column)?.label ?? []))]
        : [];
    return [
      {
        seq: Number(row.seq),
        at: row.createdAt,
        actorId: row.actorId,
        actorName: lens.userName(row.actorId),
        action: row.action,
        entityType: row.entityType,
        entityId: row.entityId,
        label: lens.label(row.entityType, snapshot),
        fields,
        reason: row.reason,
        hash: row.hash,
      },
    ];
  });
}

/**
 * The revisions after `fromSeq` up to `toSeq`, oldest first, at most `limit`: a dossier's change
 * log, its sources named through the dossier's protection lens (`lens`, made for this request).
 */
export async function changesBetween(
  access: StoryAccess,
  fromSeq: number,
  toSeq: number,
  timeZone: string,
  limit: number,
  lens?: SourceLens,
): Promise<{ items: FeedItem[]; total: number }> {
  // Straight on the pool (rawRows), the columns named as REVISION_SELECT's: up to 5,000 revisions
  // with their snapshots, which Prisma's mapping made ~5 ms of the server's CPU per 1,000.
  const where = Prisma.sql`chain = ${access.storyId} AND seq > ${fromSeq} AND seq <= ${toSeq}`;
  const [[count], rows] = await Promise.all([
    rawRows<{ total: number }>(Prisma.sql`SELECT count(*)::int AS total FROM revisions WHERE ${where}`),
    rawRows<RevisionRow>(Prisma.sql`
      SELECT seq::text AS seq, entity_type AS "entityType", entity_id::text AS "entityId", action::text AS action, actor_id::text AS "actorId",
             reason, changed_fields AS "changedFields", snapshot, created_at AS "createdAt", hash
        FROM revisions WHERE ${where} ORDER BY revisions.seq LIMIT ${limit}`),
  ]);
  return { items: await feedItems(access, rows, timeZone, lens), total: count?.total ?? 0 };
}
