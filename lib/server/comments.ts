import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import type { CommentableKind } from "@/lib/entry-kinds/kinds";
import { snapshotsById } from "@/lib/entry-kinds/snapshot";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { loadForEdit } from "@/lib/server/edits";
import { writeWithRevision } from "@/lib/server/ledger";
import { alone, jsonRows, type Read } from "@/lib/server/read-together";
import { notifyMentions, resolveMentions } from "@/lib/server/notifications/mentions";
import {
  createCommentSchema,
  deleteCommentSchema,
  resolveThreadSchema,
  threadRefSchema,
  updateCommentSchema,
  type CreateCommentInput,
  type DeleteCommentInput,
  type ResolveThreadInput,
  type ThreadRefInput,
  type UpdateCommentInput,
} from "@/lib/validations/comments";
import { parseInput } from "@/lib/validations/parse";
import { isUuid } from "@/lib/validations/common";

// Comment threads on entries. Every kind of entry has one thread; members discuss there,
// @mention each other, and resolve (or reopen) the whole thread. Comments are tracked by the
// ledger on the story's chain and never hard-deleted: a deleted comment keeps its place in the
// thread as "Comment deleted", and its words stay in the history.

export type CommentView = {
  id: string;
  authorId: string;
  authorName: string;
  /** null once deleted. */
  body: string | null;
  createdAt: Date;
  updatedAt: Date;
  edited: boolean;
  version: number;
  deleted: boolean;
  /** The author, while they may still write on the story. */
  canEdit: boolean;
  /** The author, or a story lead. */
  canDelete: boolean;
};

export type ThreadView = {
  entityType: CommentableKind;
  entityId: string;
  comments: CommentView[];
  /** Every live comment is resolved (and there is at least one). */
  resolved: boolean;
  resolvedBy: { name: string; at: Date } | null;
  /** Live comments, and those not resolved. */
  total: number;
  open: number;
  /** May this user comment and resolve? (Readers read.) */
  canWrite: boolean;
};

export type ThreadCount = { open: number; total: number };

/** Longer threads than this show their first comments only. */
const THREAD_LIMIT = 500;
const AUTHOR = { author: { select: { name: true } } } as const;

type CommentRow = Prisma.CommentGetPayload<{ include: typeof AUTHOR }>;

const mayWrite = (access: StoryAccess) => access.role !== "reader";

function present(access: StoryAccess, row: CommentRow): CommentView {
  const deleted = row.deletedAt !== null;
  const mine = row.authorId === access.user.id;
  return {
    id: row.id,
    authorId: row.authorId,
    authorName: row.author.name,
    body: deleted ? null : row.body,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    edited: !deleted && row.version > 1,
    version: row.version,
    deleted,
    canEdit: !deleted && mine && mayWrite(access),
    canDelete: !deleted && (mine || access.role === "lead"),
  };
}

/** The entry a thread is on, if it is an entry of this story: whether it is deleted. */
async function entryOf(client: Tx, storyId: string, type: CommentableKind, entityId: string): Promise<{ deleted: boolean } | null> {
  const [snapshot] = await snapshotsById(type, storyId, [entityId], client);
  return snapshot ? { deleted: Boolean(snapshot.deleted_at) } : null;
}

async function requireEntry(client: Tx, storyId: string, type: CommentableKind, entityId: string) {
  const entry = await entryOf(client, storyId, type, entityId);
  if (!entry) throw new AppError("NOT_FOUND");
  return entry;
}

async function loadThread(client: Tx, access: StoryAccess, entityType: CommentableKind, entityId: string): Promise<ThreadView> {
  const rows = await client.comment.findMany({
    where: { storyId: access.storyId, entityType, entityId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: AUTHOR,
    take: THREAD_LIMIT,
  });
  const live = rows.filter((row) => row.deletedAt === null);
  const open = live.filter((row) => row.resolvedAt === null).length;
  const resolved = live.length > 0 && open === 0;
  let resolvedBy: ThreadView["resolvedBy"] = null;
  if (resolved) {
    const last = live.reduce((a, b) => (b.resolvedAt! > a.resolvedAt! ? b : a));
    const resolver = last.resolvedById ? await client.user.findUnique({ where: { id: last.resolvedById }, select: { name: true } }) : null;
    resolvedBy = { name: resolver?.name ?? "Someone", at: last.resolvedAt! };
  }
  return {
    entityType,
    entityId,
    comments: rows.map((row) => present(access, row)),
    resolved,
    resolvedBy,
    total: live.length,
    open,
    canWrite: mayWrite(access),
  };
}

async function loadComment(client: Tx, access: StoryAccess, commentId: string): Promise<CommentView> {
  const row = await client.comment.findFirstOrThrow({ where: { id: commentId, storyId: access.storyId }, include: AUTHOR });
  return present(access, row);
}

/** An entry's thread, oldest first. The entry must belong to the story. */
export async function listThread(user: SessionUser, raw: ThreadRefInput): Promise<ThreadView> {
  const ref = parseInput(threadRefSchema, raw);
  const access = await storyAccessFor(user, ref.storyId, "reader");
  await requireEntry(db(), access.storyId, ref.entityType, ref.entityId);
  return loadThread(db(), access, ref.entityType, ref.entityId);
}

/**
 * Comment counts for the entries a panel shows, in one query: live comments (`total`) and
 * those not resolved (`open`). Every id asked for is in the map (zeros when it has none).
 */
export async function threadCounts(access: StoryAccess, entityType: CommentableKind, ids: readonly string[], read: Read = alone()): Promise<Map<string, ThreadCount>> {
  const wanted = [...new Set(ids.filter((value) => isUuid(value)))];
  const counts = new Map<string, ThreadCount>(wanted.map((value) => [value, { open: 0, total: 0 }]));
  if (wanted.length === 0) return counts;
  const rows = await read<{ id: string; total: number; open: number }[]>({
    name: "thread_counts",
    sql: jsonRows(Prisma.sql`
      SELECT entity_id::text AS id, count(*)::int AS total, (count(*) FILTER (WHERE resolved_at IS NULL))::int AS open
        FROM comments
       WHERE story_id = ${access.storyId}::uuid AND entity_type = ${entityType}
         AND entity_id = ANY(${wanted}::uuid[]) AND deleted_at IS NULL
       GROUP BY entity_id`),
    parse: (value) => value as { id: string; total: number; open: number }[],
  });
  for (const row of rows) counts.set(row.id, { open: row.open, total: row.total });
  return counts;
}

/** Comments on an entry; mentioned members are notified. A resolved thread opens again. */
export async function createComment(user: SessionUser, raw: CreateCommentInput): Promise<CommentView> {
  const input = parseInput(createCommentSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const id = randomUUID();
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    const entry = await requireEntry(tx, access.storyId, input.entityType, input.entityId);
    if (entry.deleted) throw new AppError("CONFLICT", { message: "This entry was deleted. Restore it to comment on it." });
    const mentionIds = await resolveMentions(tx, access.storyId, input.body);
    await tx.comment.create({
      data: { id, storyId: access.storyId, entityType: input.entityType, entityId: input.entityId, authorId: user.id, body: input.body, mentionIds },
    });
    await notifyMentions(tx, {
      storyId: access.storyId,
      actorId: user.id,
      entityType: input.entityType,
      entityId: input.entityId,
      version: 1,
      where: "comment",
      before: null,
      after: input.body,
      commentId: id,
    });
    return loadComment(tx, access, id);
  });
}

/** The author edits their comment (with a version check); only newly mentioned members are notified. */
export async function updateComment(user: SessionUser, raw: UpdateCommentInput): Promise<CommentView> {
  const input = parseInput(updateCommentSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    const current = await loadForEdit(tx.comment.findFirst({ where: { id: input.commentId, storyId: access.storyId } }), input.version, {
      noun: "comment",
      latest: (row) => loadComment(tx, access, row.id),
      check: (row) => {
        if (row.authorId !== user.id) throw new AppError("FORBIDDEN", { message: "Only its author can edit a comment." });
      },
      deletedMessage: "This comment was deleted.",
    });
    if (current.body === input.body) return loadComment(tx, access, current.id);
    await requireEntry(tx, access.storyId, current.entityType as CommentableKind, current.entityId);
    const mentionIds = await resolveMentions(tx, access.storyId, input.body);
    await tx.comment.update({
      where: { id: current.id, version: input.version },
      data: { body: input.body, mentionIds, version: { increment: 1 } },
    });
    await notifyMentions(tx, {
      storyId: access.storyId,
      actorId: user.id,
      entityType: current.entityType,
      entityId: current.entityId,
      version: input.version + 1,
      where: "comment",
      before: current.body,
      after: input.body,
      commentId: current.id,
      previousIds: current.mentionIds,
    });
    return loadComment(tx, access, current.id);
  });
}

/** Soft delete, by the author or a story lead: the thread shows "Comment deleted"; the ledger keeps it. */
export async function deleteComment(user: SessionUser, raw: DeleteCommentInput): Promise<CommentView> {
  const input = parseInput(deleteCommentSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "reader");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    const current = await tx.comment.findFirst({ where: { id: input.commentId, storyId: access.storyId } });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.authorId !== user.id && access.role !== "lead") {
      throw new AppError("FORBIDDEN", { message: "Only its author or a story lead can delete a comment." });
    }
    if (current.deletedAt) return loadComment(tx, access, current.id);
    if (current.version !== input.version) throw new AppError("CONFLICT", { latest: await loadComment(tx, access, current.id) });
    await tx.comment.update({ where: { id: current.id, version: input.version }, data: { deletedAt: new Date(), version: { increment: 1 } } });
    return loadComment(tx, access, current.id);
  });
}

/**
 * Resolves an entry's thread (every live comment not yet resolved is marked resolved by this
 * user) or reopens it (clears them all). A later comment opens a resolved thread again.
 */
export async function resolveThread(user: SessionUser, raw: ResolveThreadInput): Promise<ThreadView> {
  const input = parseInput(resolveThreadSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    await requireEntry(tx, access.storyId, input.entityType, input.entityId);
    const thread = { storyId: access.storyId, entityType: input.entityType, entityId: input.entityId, deletedAt: null };
    if (input.resolved) {
      await tx.comment.updateMany({ where: { ...thread, resolvedAt: null }, data: { resolvedAt: new Date(), resolvedById: user.id } });
    } else {
      await tx.comment.updateMany({ where: { ...thread, resolvedAt: { not: null } }, data: { resolvedAt: null, resolvedById: null } });
    }
    return loadThread(tx, access, input.entityType, input.entityId);
  });
}

export type CommentForFollowUp = { body: string; entityType: CommentableKind; entityId: string; authorId: string; authorName: string };

/** A live comment's words and entry, to prefill a follow-up made from it. */
export async function commentForFollowUp(user: SessionUser, storyId: string, commentId: string): Promise<CommentForFollowUp> {
  const access = await storyAccessFor(user, storyId, "reader");
  if (!isUuid(commentId)) throw new AppError("NOT_FOUND");
  const row = await db().comment.findFirst({ where: { id: commentId, storyId: access.storyId, deletedAt: null }, include: AUTHOR });
  if (!row) throw new AppError("NOT_FOUND");
  return { body: row.body, entityType: row.entityType as CommentableKind, entityId: row.entityId, authorId: row.authorId, authorName: row.author.name };
}
