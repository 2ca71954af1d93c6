import "server-only";
import { cache } from "react";
import { rawRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/server/access";

export type FollowUpBadge = { open: number; overdue: number };

/** The badge's statement (one row: open, overdue); the desk's layout reads it with its cursor (deskHead). */
export const followUpBadgeSql = (user: Pick<SessionUser, "id">) => Prisma.sql`
    SELECT count(*)::int AS open, count(*) FILTER (WHERE f.due_at < now())::int AS overdue
      FROM follow_ups f
      JOIN stories s ON s.id = f.story_id AND s.deleted_at IS NULL
     WHERE f.assignee_id = ${user.id}::uuid
       AND f.status IN ('todo', 'in_progress')
       AND f.response <> 'declined'
       AND f.deleted_at IS NULL
       AND EXISTS (SELECT 1 FROM story_members m WHERE m.story_id = f.story_id AND m.user_id = f.assignee_id AND m.deleted_at IS NULL)`;

/**
 * The navigation's count: my open follow-ups (to do or in progress, not declined) on stories I
 * can still see, and how many of them are overdue. "Overdue" is the database's clock, not the browser's.
 */
export const myFollowUpBadge = cache(async (user: Pick<SessionUser, "id">): Promise<FollowUpBadge> => {
  const [row] = await rawRows<FollowUpBadge>(followUpBadgeSql(user));
  return row ?? { open: 0, overdue: 0 };
});
