import "server-only";
import { rawRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { LiveCursor } from "@/lib/live/protocol";
import type { SessionUser } from "@/lib/server/access";
import { followUpBadgeSql, type FollowUpBadge } from "@/lib/server/follow-ups/badge";
import { cursorColumns, cursorOf, type CursorRow } from "@/lib/server/live/catch-up";
import { unreadCountSql } from "@/lib/server/notifications/inbox";

/**
 * What the desk's layout reads on every page, in one statement (one snapshot): the live cursor —
 * read before anything the page shows, so a change committed meanwhile is replayed
 * (lib/server/live/ARCHITECTURE.md) — and the header's counts, each scoped as its own function
 * scopes it (unreadCount, myFollowUpBadge).
 */
export async function deskHead(user: Pick<SessionUser, "id" | "role">): Promise<{ cursor: LiveCursor; unread: number; followUps: FollowUpBadge }> {
  const [row] = await rawRows<CursorRow & { unread: number; open: number; overdue: number }>(Prisma.sql`
    SELECT ${cursorColumns(user.id, null)}, (${unreadCountSql(user)}) AS unread, b.open, b.overdue
      FROM (${followUpBadgeSql(user)}) b`);
  return { cursor: cursorOf(row!), unread: row!.unread, followUps: { open: row!.open, overdue: row!.overdue } };
}
