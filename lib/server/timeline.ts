import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import { changedFields, pageArgs, pageOf, type Page } from "@/lib/server/paging";
import { sourceOptions, type SourceOption } from "@/lib/server/sources";
import { parseInput } from "@/lib/validations/parse";
import {
  createTimelineEventSchema,
  updateTimelineEventSchema,
  type CreateTimelineEventInput,
  type UpdateTimelineEventInput,
} from "@/lib/validations/timeline";
import type { TimelineFilters } from "@/lib/validations/workspace";

// The timeline: what happened when (to the day or the minute), and from whom we know it.

export type EventRow = Prisma.TimelineEventGetPayload<{ include: { loggedBy: { select: { name: true } } } }>;

export type TimelineEventView = Omit<EventRow, "loggedBy" | "storyId"> & { loggedByName: string; sources: SourceOption[] };

export async function present(access: StoryAccess, rows: EventRow[], client: Tx = db()): Promise<TimelineEventView[]> {
  const sources = new Map((await sourceOptions(access, [...new Set(rows.flatMap((row) => row.sourceIds))], client)).map((s) => [s.id, s]));
  return rows.map(({ loggedBy, storyId: _storyId, ...row }) => ({
    ...row,
    loggedByName: loggedBy.name,
    sources: row.sourceIds.flatMap((sourceId) => sources.get(sourceId) ?? []),
  }));
}

async function loadView(tx: Tx, access: StoryAccess, eventId: string): Promise<TimelineEventView> {
  const row = await tx.timelineEvent.findFirstOrThrow({ where: { id: eventId, storyId: access.storyId }, include: { loggedBy: { select: { name: true } } } });
  return (await present(access, [row], tx))[0]!;
}

async function assertSources(tx: Tx, storyId: string, sourceIds: string[]): Promise<void> {
  const found = await tx.source.count({ where: { storyId, id: { in: sourceIds } } });
  if (found !== new Set(sourceIds).size) throw new AppError("VALIDATION", { fieldErrors: { sourceIds: ["Link only sources of this story."] } });
}

export async function createTimelineEvent(user: SessionUser, raw: CreateTimelineEventInput): Promise<TimelineEventView> {
  const input = parseInput(createTimelineEventSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const id = randomUUID();
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    await assertSources(tx, access.storyId, input.sourceIds);
    await tx.timelineEvent.create({
      data: {
        id,
        storyId: access.storyId,
        occurredAt: input.when.at,
        precision: input.when.precision,
        what: input.what,
        sourceIds: [...new Set(input.sourceIds)],
        loggedById: user.id,
      },
    });
    return loadView(tx, access, id);
  });
}

export async function updateTimelineEvent(user: SessionUser, raw: UpdateTimelineEventInput): Promise<TimelineEventView> {
  const input = parseInput(updateTimelineEventSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const current = await tx.timelineEvent.findFirst({ where: { id: input.eventId, storyId: access.storyId } });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.version !== input.version) throw new AppError("CONFLICT", { latest: await loadView(tx, access, current.id) });
    if (current.deletedAt) throw new AppError("CONFLICT", { message: "This event was deleted meanwhile. Restore it to edit it." });
    await assertSources(tx, access.storyId, input.sourceIds);
    const changes = changedFields(current, {
      occurredAt: input.when.at,
      precision: input.when.precision,
      what: input.what,
      sourceIds: [...new Set(input.sourceIds)],
    });
    if (Object.keys(changes).length > 0) {
      await tx.timelineEvent.update({ where: { id: current.id, version: input.version }, data: { ...changes, version: { increment: 1 } } });
    }
    return loadView(tx, access, current.id);
  });
}

export async function listTimeline(user: SessionUser, storyId: string, filters: TimelineFilters): Promise<Page<TimelineEventView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  const where: Prisma.TimelineEventWhereInput = {
    storyId: access.storyId,
    deletedAt: filters.deleted ? { not: null } : null,
    ...(filters.focus ? { id: filters.focus } : {}),
    ...(filters.q ? { what: { contains: filters.q, mode: "insensitive" } } : {}),
  };
  const [total, rows] = await Promise.all([
    db().timelineEvent.count({ where }),
    db().timelineEvent.findMany({
      where,
      orderBy: [{ occurredAt: filters.sort }, { createdAt: filters.sort }],
      ...pageArgs(filters.page),
      include: { loggedBy: { select: { name: true } } },
    }),
  ]);
  return pageOf(await present(access, rows), total, filters.page);
}
