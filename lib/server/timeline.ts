import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { TimelineEvent } from "@/lib/generated/prisma/client";
import { listEntries, loadEntry } from "@/lib/entry-kinds/read";
import type { TimelineEventView } from "@/lib/entry-kinds/timeline-event";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { loadEntryForEdit, saveChanges } from "@/lib/server/edit-guard";
import { writeWithRevision } from "@/lib/server/ledger";
import type { Page } from "@/lib/server/paging";
import { parseInput } from "@/lib/validations/parse";
import {
  createTimelineEventSchema,
  updateTimelineEventSchema,
  type CreateTimelineEventInput,
  type UpdateTimelineEventInput,
} from "@/lib/validations/timeline";
import type { TimelineFilters } from "@/lib/validations/workspace";

// The timeline: what happened when (to the day or the minute), and from whom we know it.

async function assertSources(tx: Tx, storyId: string, sourceIds: string[]): Promise<void> {
  const found = await tx.source.count({ where: { storyId, id: { in: sourceIds } } });
  if (found !== new Set(sourceIds).size) throw new AppError("VALIDATION", { fieldErrors: { sourceIds: ["Link only sources of this story."] } });
}

type EventInput = { when: { at: Date; precision: TimelineEventView["precision"] }; what: string; sourceIds: string[] };

const columnsOf = (input: EventInput) => ({
  occurredAt: input.when.at,
  precision: input.when.precision,
  what: input.what,
  sourceIds: [...new Set(input.sourceIds)],
});

export async function createTimelineEvent(user: SessionUser, raw: CreateTimelineEventInput): Promise<TimelineEventView> {
  const input = parseInput(createTimelineEventSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const id = randomUUID();
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    await assertSources(tx, access.storyId, input.sourceIds);
    await tx.timelineEvent.create({ data: { id, storyId: access.storyId, ...columnsOf(input), loggedById: user.id } });
    return loadEntry(access, "timeline_event", id, tx);
  });
}

export async function updateTimelineEvent(user: SessionUser, raw: UpdateTimelineEventInput): Promise<TimelineEventView> {
  const input = parseInput(updateTimelineEventSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const current = await loadEntryForEdit<TimelineEvent>(tx, access, "timeline_event", input.eventId, input.version);
    await assertSources(tx, access.storyId, input.sourceIds);
    await saveChanges(tx, "timeline_event", current, columnsOf(input));
    return loadEntry(access, "timeline_event", current.id, tx);
  });
}

export async function listTimeline(user: SessionUser, storyId: string, filters: TimelineFilters): Promise<Page<TimelineEventView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "timeline_event", filters);
}
