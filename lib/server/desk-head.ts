import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { LiveCursor } from "@/lib/live/protocol";
import type { SessionUser } from "@/lib/server/access";
import { followUpBadgeSql, type FollowUpBadge } from "@/lib/server/follow-ups/badge";
import { cursorColumns, cursorOf, type CursorRow } from "@/lib/server/live/catch-up";
import { unreadCountSql } from "@/lib/server/notifications/inbox";

export type DeskHead = { cursor: LiveCursor; unread: number; followUps: FollowUpBadge };
export type DeskHeadColumns = CursorRow & { unread: number; badge: FollowUpBadge };

/**
 * What the desk's layout reads on every page, as columns of the session's own statement
 * (lib/auth.ts, sessionUserAnd: one round trip checks the session and reads them, one snapshot):
 * the live cursor — read before anything the page shows, so a change committed meanwhile is
 * replayed (lib/server/live/ARCHITECTURE.md) — and the header's counts, each scoped as its own
 * function scopes it (unreadCount, myFollowUpBadge). `userId` is the session's account (`me.id`
 * whenever there is a row). The unread count depends on the account's role, which only the
 * session's row says: both forms are written, and `me.role` picks one (a CASE evaluates only
 * the branch it takes).
 */
export function deskHeadColumns(userId: string): Prisma.Sql {
  const unread = (role: SessionUser["role"]) => unreadCountSql({ id: userId, role });
  return Prisma.sql`${cursorColumns(userId, null)},
    CASE WHEN me.role = 'admin' THEN (${unread("admin")}) ELSE (${unread("reporter")}) END AS unread,
    (SELECT to_json(b) FROM (${followUpBadgeSql({ id: userId })}) b) AS badge`;
}

export const deskHeadOf = (row: DeskHeadColumns): DeskHead => ({
  cursor: cursorOf(row),
  unread: row.unread,
  followUps: { open: row.badge.open, overdue: row.badge.overdue },
});
