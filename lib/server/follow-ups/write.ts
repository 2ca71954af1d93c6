import "server-only";
import { isolate } from "@/lib/bidi";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import { loadEntry } from "@/lib/entry-kinds/read";
import { AppError } from "@/lib/errors";
import type { FollowUp } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { loadEntryForEdit, saveChanges } from "@/lib/server/edits";
import { writeWithRevision } from "@/lib/server/ledger";
import { kickEmailOutbox } from "@/lib/server/notifications/email";
import { notify } from "@/lib/server/notifications/notify";
import {
  FOLLOW_UP_STATUS_LABELS,
  createFollowUpSchema,
  respondToFollowUpSchema,
  setFollowUpStatusSchema,
  updateFollowUpSchema,
  type CreateFollowUpInput,
  type RespondToFollowUpInput,
  type SetFollowUpStatusInput,
  type UpdateFollowUpInput,
} from "@/lib/validations/follow-ups";
import { parseInput } from "@/lib/validations/parse";
import { assertLink } from "./links";
import { assertAssignee, assertMayAssignTo, assertMayChange } from "./rules";

// Writing follow-ups: every change is a revision (the ledger trigger) and the notifications it
// causes are written in the same transaction, each with a key naming the event (the row's new
// version), so a change notifies once, however often a request is retried.

const quoted = (title: string) => `“${isolate(title.length > 80 ? `${title.slice(0, 79)}…` : title)}”`;

/** The follow-up as it is, if this user may change it (the assignee, who assigned it, an editor or a lead). */
const changeable = (tx: Tx, access: StoryAccess, input: { followUpId: string; version: number }) =>
  loadEntryForEdit<FollowUp>(tx, access, "follow_up", input.followUpId, input.version, (row) => assertMayChange(access, row));

const reload = (tx: Tx, access: StoryAccess, id: string) => loadEntry(access, "follow_up", id, tx);

async function afterCommit<T>(work: Promise<T>): Promise<T> {
  const result = await work;
  kickEmailOutbox();
  return result;
}

export async function createFollowUp(user: SessionUser, raw: CreateFollowUpInput): Promise<FollowUpView> {
  const input = parseInput(createFollowUpSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "reader");
  assertMayAssignTo(access, input.assigneeId);
  const id = randomUUID();
  const reason = input.fromCommentId ? "Made from a comment" : null;
  return afterCommit(
    writeWithRevision({ actorId: user.id, storyId: access.storyId, reason }, async (tx) => {
      await assertAssignee(tx, access.storyId, input.assigneeId);
      await assertLink(tx, access.storyId, input.link);
      if (input.fromCommentId) {
        const comment = await tx.comment.count({ where: { id: input.fromCommentId, storyId: access.storyId, deletedAt: null } });
        if (comment === 0) throw new AppError("NOT_FOUND", { message: "That comment was not found; it may have been deleted." });
      }
      const self = input.assigneeId === user.id;
      await tx.followUp.create({
        data: {
          id,
          storyId: access.storyId,
          title: input.title,
          details: input.details,
          assigneeId: input.assigneeId,
          assignedById: user.id,
          dueAt: input.dueAt,
          priority: input.priority,
          // Taking work on yourself needs no answer.
          response: self ? "accepted" : "pending",
          linkKind: input.link?.kind ?? null,
          linkId: input.link?.id ?? null,
        },
      });
      await notify(tx, [input.assigneeId], {
        storyId: access.storyId,
        kind: "assigned",
        actorId: user.id,
        entityType: "follow_up",
        entityId: id,
        title: `${user.name} assigned you ${quoted(input.title)}`,
        eventKey: `assigned:${id}:v1`,
      });
      return reload(tx, access, id);
    }),
  );
}

/** Edit the follow-up: title, details, due time, priority, link — and reassign it. */
export async function updateFollowUp(user: SessionUser, raw: UpdateFollowUpInput): Promise<FollowUpView> {
  const input = parseInput(updateFollowUpSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "reader");
  return afterCommit(
    writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
      const current = await changeable(tx, access, input);
      const reassigned = input.assigneeId !== current.assigneeId;
      let assigneeName = "";
      if (reassigned) {
        assertMayAssignTo(access, input.assigneeId);
        assigneeName = (await assertAssignee(tx, access.storyId, input.assigneeId)).name;
      }
      await assertLink(tx, access.storyId, input.link);
      const saved = await saveChanges(tx, "follow_up", current, {
        title: input.title,
        details: input.details,
        dueAt: input.dueAt,
        priority: input.priority,
        linkKind: input.link?.kind ?? null,
        linkId: input.link?.id ?? null,
        ...(reassigned
          ? { assigneeId: input.assigneeId, assignedById: user.id, response: input.assigneeId === user.id ? "accepted" : "pending", responseNote: "" }
          : {}),
      } as Partial<typeof current>);
      if (reassigned && saved.version !== null) {
        const title = quoted(saved.changes.title ?? current.title);
        const event = { storyId: access.storyId, kind: "reassigned" as const, actorId: user.id, entityType: "follow_up", entityId: current.id };
        await notify(tx, [input.assigneeId], { ...event, title: `${user.name} reassigned ${title} to you`, eventKey: `reassigned:${current.id}:v${saved.version}` });
        await notify(tx, [current.assigneeId], { ...event, title: `${user.name} reassigned ${title} to ${assigneeName}`, eventKey: `reassigned-away:${current.id}:v${saved.version}` });
      }
      return reload(tx, access, current.id);
    }),
  );
}

/** Start, finish (with a note), cancel or reopen. Whoever assigned it hears of it. */
export async function setFollowUpStatus(user: SessionUser, raw: SetFollowUpStatusInput): Promise<FollowUpView> {
  const input = parseInput(setFollowUpStatusSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "reader");
  return afterCommit(
    writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
      const current = await changeable(tx, access, input);
      const saved = await saveChanges(tx, "follow_up", current, {
        status: input.status,
        ...(input.status === "done" || input.completionNote ? { completionNote: input.completionNote } : {}),
      });
      if (saved.changes.status) {
        await notify(tx, [current.assignedById], {
          storyId: access.storyId,
          kind: "status",
          actorId: user.id,
          entityType: "follow_up",
          entityId: current.id,
          title: `${user.name} set ${quoted(current.title)} to ${FOLLOW_UP_STATUS_LABELS[input.status].toLowerCase()}`,
          eventKey: `status:${current.id}:v${saved.version}`,
        });
      }
      return reload(tx, access, current.id);
    }),
  );
}

/** The assignee accepts, or declines with a reason; whoever assigned it sees which. */
export async function respondToFollowUp(user: SessionUser, raw: RespondToFollowUpInput): Promise<FollowUpView> {
  const input = parseInput(respondToFollowUpSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "reader");
  return afterCommit(
    writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.response === "declined" ? input.note : null }, async (tx) => {
      const current = await loadEntryForEdit<FollowUp>(tx, access, "follow_up", input.followUpId, input.version, (row) => {
        if (row.assigneeId !== user.id) throw new AppError("FORBIDDEN", { message: "Only the assignee can accept or decline a follow-up." });
      });
      const saved = await saveChanges(tx, "follow_up", current, { response: input.response, responseNote: input.note });
      if (saved.version === null) return reload(tx, access, current.id);
      await notify(tx, [current.assignedById], {
        storyId: access.storyId,
        kind: "responded",
        actorId: user.id,
        entityType: "follow_up",
        entityId: current.id,
        title: `${user.name} ${input.response === "accepted" ? "accepted" : "declined"} ${quoted(current.title)}`,
        eventKey: `responded:${current.id}:v${saved.version}`,
      });
      return reload(tx, access, current.id);
    }),
  );
}
