import "server-only";
import { cache } from "react";
import { db, rawRows } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { entryLabels } from "@/lib/entry-kinds/read";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { parseInput } from "@/lib/validations/parse";
import {
  markReadSchema,
  notificationFiltersSchema,
  type MarkReadInput,
  type NotificationKind,
} from "@/lib/validations/notifications";
import type { z } from "zod";
import { notificationHref } from "./links";
import { ENTRY_PLACEHOLDER, titleNaming } from "./mentions";

// A reader's own inbox: newest first, 30 at a time by keyset on (created_at, id). Only
// notifications of stories the reader can still see are shown or counted: a story deleted
// meanwhile, or one the reader was removed from, drops out (the rows stay, and come back if
// the reader is added again). Notifications are not coverage: not tracked by the ledger.

export const INBOX_PAGE = 30;

export type NotificationItem = {
  id: string;
  kind: NotificationKind;
  title: string;
  createdAt: Date;
  readAt: Date | null;
  storyId: string;
  storyTitle: string;
  /** Who caused it; null for the clock (due soon, overdue) or a former account. */
  actorName: string | null;
  /** The story's panel with the entry in focus. */
  href: string;
};

export type NotificationPage = {
  items: NotificationItem[];
  /** Pass as `before` and `beforeId` for the next (older) page; null on the last page. */
  next: { before: string; beforeId: string } | null;
};

/** The rows of stories `user` may still see (n = notifications): not deleted, and admin or an active member. */
function visibleTo(user: Pick<SessionUser, "id" | "role">): Prisma.Sql {
  const member = Prisma.sql`EXISTS (SELECT 1 FROM story_members m WHERE m.story_id = n.story_id AND m.user_id = n.user_id AND m.deleted_at IS NULL)`;
  return Prisma.sql`n.user_id = ${user.id}::uuid
    AND EXISTS (SELECT 1 FROM stories s WHERE s.id = n.story_id AND s.deleted_at IS NULL)
    AND ${user.role === "admin" ? Prisma.sql`true` : member}`;
}

type Row = {
  id: string;
  kind: NotificationKind;
  title: string;
  created_at: Date;
  read_at: Date | null;
  story_id: string;
  story_title: string;
  actor_name: string | null;
  entity_type: string;
  entity_id: string;
  cursor: string;
};

export async function listNotifications(
  user: SessionUser,
  raw: z.input<typeof notificationFiltersSchema> = {},
): Promise<NotificationPage> {
  const filters = parseInput(notificationFiltersSchema, raw);
  const conditions = [visibleTo(user)];
  if (filters.unread) conditions.push(Prisma.sql`n.read_at IS NULL`);
  if (filters.before) {
    conditions.push(
      filters.beforeId
        ? Prisma.sql`(n.created_at, n.id) < (${filters.before}::timestamptz, ${filters.beforeId}::uuid)`
        : Prisma.sql`n.created_at < ${filters.before}::timestamptz`,
    );
  }
  // The cursor keeps the database's microseconds (a JS Date has milliseconds only): rows of one
  // transaction share their created_at, and the id breaks the tie.
  const rows = await db().$queryRaw<Row[]>`
    SELECT n.id, n.kind, n.title, n.created_at, n.read_at, n.story_id, s.title AS story_title, a.name AS actor_name,
           n.entity_type, n.entity_id,
           to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor
      FROM notifications n
      JOIN stories s ON s.id = n.story_id
      LEFT JOIN users a ON a.id = n.actor_id
     WHERE ${Prisma.join(conditions, " AND ")}
     ORDER BY n.created_at DESC, n.id DESC
     LIMIT ${INBOX_PAGE + 1}`;
  const page = rows.slice(0, INBOX_PAGE);
  const last = page[page.length - 1];
  const titles = await readTitles(user, page);
  return {
    items: page.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: titles.get(row.id) ?? row.title,
      createdAt: row.created_at,
      readAt: row.read_at,
      storyId: row.story_id,
      storyTitle: row.story_title,
      actorName: row.actor_name,
      href: notificationHref(row.story_id, row.entity_type, row.entity_id),
    })),
    next: rows.length > INBOX_PAGE && last ? { before: last.cursor, beforeId: last.id } : null,
  };
}

/**
 * The titles that name an entry, as this reader may name it now — through the protection lens,
 * per story: a source that became confidential (or was burned) since the mention is named as
 * it is now, never as it was when the title was written.
 */
async function readTitles(user: SessionUser, rows: Row[]): Promise<Map<string, string>> {
  const naming = rows.filter((row) => row.title.includes(ENTRY_PLACEHOLDER));
  const titles = new Map<string, string>();
  for (const storyId of new Set(naming.map((row) => row.story_id))) {
    const ofStory = naming.filter((row) => row.story_id === storyId);
    const access = await storyAccessFor(user, storyId, "reader").catch(() => null);
    const labels = access ? await entryLabels(access, ofStory.map((row) => ({ kind: row.entity_type, id: row.entity_id }))) : new Map<string, string>();
    for (const row of ofStory) titles.set(row.id, titleNaming(row.title, labels.get(`${row.entity_type}:${row.entity_id}`) ?? null));
  }
  return titles;
}

/** The unread count as a scalar subquery (the desk's layout reads it with its cursor: deskHead). */
export const unreadCountSql = (user: Pick<SessionUser, "id" | "role">) =>
  Prisma.sql`SELECT count(*)::int FROM notifications n WHERE ${visibleTo(user)} AND n.read_at IS NULL`;

/** Unread notifications of stories the user can still see (once per request: the header and the page share it). */
export const unreadCount = cache(async (user: Pick<SessionUser, "id" | "role">): Promise<number> => {
  const [row] = await rawRows<{ count: number }>(Prisma.sql`SELECT (${unreadCountSql(user)}) AS count`);
  return row?.count ?? 0;
});


/**
 * Marks one of my notifications read (another user's id, or one of a story I can no longer
 * see, is NOT_FOUND), or — without an id — all of mine. Marking a read one again changes nothing.
 */
export async function markRead(user: SessionUser, raw: MarkReadInput): Promise<{ updated: number }> {
  const input = parseInput(markReadSchema, raw);
  if (input.notificationId) {
    const [row] = await db().$queryRaw<{ id: string }[]>`
      UPDATE notifications n SET read_at = COALESCE(n.read_at, now())
       WHERE n.id = ${input.notificationId}::uuid AND ${visibleTo(user)}
       RETURNING n.id`;
    if (!row) throw new AppError("NOT_FOUND");
    return { updated: 1 };
  }
  const updated = await db().$executeRaw`
    UPDATE notifications SET read_at = now() WHERE user_id = ${user.id}::uuid AND read_at IS NULL`;
  return { updated };
}
