import "server-only";
import { randomUUID } from "node:crypto";
import type { ApproximateMoment } from "@/lib/approximate-date";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { TimelineEvent } from "@/lib/generated/prisma/client";
import { listEntries, type Beside } from "@/lib/entry-kinds/read";
import type { TimelineEventView } from "@/lib/entry-kinds/timeline-event";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { editEntry, loadEntryForEdit, saveChanges, writeEntry, type EntryEdit } from "@/lib/server/edits";
import type { Page } from "@/lib/server/paging";
import { parseInput } from "@/lib/validations/parse";
import {
  createTimelineEventSchema,
  updateTimelineEventSchema,
  type CreateTimelineEventInput,
  type UpdateTimelineEventInput,
} from "@/lib/validations/timeline";
import type { TimelineFilters } from "@/lib/validations/workspace";

// The timeline: what happened when (as precisely as known: lib/approximate-date.ts), and from whom we know it.

async function assertSources(tx: Tx, storyId: string, sourceIds: string[]): Promise<void> {
  const found = await tx.source.count({ where: { storyId, id: { in: sourceIds } } });
  if (found !== new Set(sourceIds).size) throw new AppError("VALIDATION", { fieldErrors: { sourceIds: ["Link only sources of this story."] } });
}

type EventInput = { when: ApproximateMoment; what: string; sourceIds: string[] };

const columnsOf = (input: EventInput) => ({
  occurredAt: input.when.at,
  precision: input.when.precision,
  occurredUntil: input.when.until,
  what: input.what,
  sourceIds: [...new Set(input.sourceIds)],
});

export async function createTimelineEvent(user: SessionUser, raw: CreateTimelineEventInput): Promise<TimelineEventView> {
  const input = parseInput(createTimelineEventSchema, raw);
  return writeEntry(user, input.storyId, "timeline_event", null, async (tx, access) => {
    await assertSources(tx, access.storyId, input.sourceIds);
    return tx.timelineEvent.create({ data: { id: randomUUID(), storyId: access.storyId, ...columnsOf(input), loggedById: user.id }, select: { id: true } });
  });
}

export async function updateTimelineEvent(user: SessionUser, raw: UpdateTimelineEventInput): Promise<TimelineEventView> {
  const input = parseInput(updateTimelineEventSchema, raw);
  // In one statement unless a linked source is not the story's (assertSources: checked on every edit).
  const edit: EntryEdit<TimelineEvent> = { id: input.eventId, version: input.version, next: columnsOf(input), refs: [{ field: "sourceIds", kind: "source", always: true }] };
  return editEntry(user, input.storyId, "timeline_event", input.reason || null, edit, async (tx, access, loaded) => {
    const current = await loadEntryForEdit<TimelineEvent>(tx, access, "timeline_event", input.eventId, input.version, undefined, loaded);
    await assertSources(tx, access.storyId, input.sourceIds);
    const saved = await saveChanges(tx, "timeline_event", current, columnsOf(input));
    return { id: current.id, after: saved.snapshot };
  });
}

export async function listTimeline(user: SessionUser, storyId: string, filters: TimelineFilters, beside?: Beside): Promise<Page<TimelineEventView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "timeline_event", filters, [], beside);
}
