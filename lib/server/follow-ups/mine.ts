import "server-only";
import { db } from "@/lib/db";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import { loadEntries } from "@/lib/entry-kinds/read";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser, StoryAccess } from "@/lib/server/access";
import { OPEN_FOLLOW_UP_STATUSES, type MyFollowUpFilters } from "@/lib/validations/follow-ups";
import { localDayBounds } from "./read";

// My follow-ups: one list across every story I am on — overdue first, then due today,
// upcoming, without a due time, and recently done. Sections are decided on the server's clock,
// and "today" is the user's calendar day in their time zone.

export type MyFollowUp = FollowUpView & { storyId: string; storyTitle: string };
export type MyFollowUps = {
  overdue: MyFollowUp[];
  today: MyFollowUp[];
  upcoming: MyFollowUp[];
  noDue: MyFollowUp[];
  done: MyFollowUp[];
  stories: { id: string; title: string }[];
  /** More open follow-ups than a page shows (the oldest were left out). */
  truncated: boolean;
};

const OPEN_LIMIT = 300;
const DONE_DAYS = 7;
const DONE_LIMIT = 30;

export async function myFollowUps(user: SessionUser, filters: MyFollowUpFilters, timeZone: string, now = new Date()): Promise<MyFollowUps> {
  // Scoped in the query: stories I am an active member of (admins too: their own work only).
  const memberships = await db().storyMember.findMany({
    where: { userId: user.id, deletedAt: null, story: { deletedAt: null } },
    select: { role: true, story: { select: { id: true, title: true } } },
    orderBy: { story: { title: "asc" } },
  });
  const stories = memberships.map((m) => m.story);
  const storyIds = filters.story ? stories.filter((s) => s.id === filters.story).map((s) => s.id) : stories.map((s) => s.id);
  const where: Prisma.FollowUpWhereInput = {
    storyId: { in: storyIds },
    deletedAt: null,
    ...(filters.scope === "assigned_by_me" ? { assignedById: user.id, assigneeId: { not: user.id } } : { assigneeId: user.id }),
    ...(filters.response ? { response: filters.response } : {}),
    ...(filters.q ? { OR: [{ title: { contains: filters.q, mode: "insensitive" } }, { details: { contains: filters.q, mode: "insensitive" } }] } : {}),
  };
  const [openRows, doneRows] = await Promise.all([
    db().followUp.findMany({
      where: { ...where, status: { in: [...OPEN_FOLLOW_UP_STATUSES] } },
      orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { priority: "desc" }, { createdAt: "asc" }],
      take: OPEN_LIMIT + 1,
      select: { id: true, storyId: true },
    }),
    db().followUp.findMany({
      where: { ...where, status: { in: ["done", "cancelled"] }, updatedAt: { gte: new Date(now.getTime() - DONE_DAYS * 86_400_000) } },
      orderBy: { updatedAt: "desc" },
      take: DONE_LIMIT,
      select: { id: true, storyId: true },
    }),
  ]);
  const truncated = openRows.length > OPEN_LIMIT;
  const rows = [...openRows.slice(0, OPEN_LIMIT), ...doneRows];

  // Linked entries are named per story, with that story's access (source protection).
  const roleOf = new Map(memberships.map((m) => [m.story.id, m.role]));
  const titleOf = new Map(stories.map((s) => [s.id, s.title]));
  const perStory = await Promise.all(
    [...new Set(rows.map((row) => row.storyId))].map(async (storyId) => {
      const access: StoryAccess = { user, storyId, role: roleOf.get(storyId)!, isMember: true };
      const ids = rows.filter((row) => row.storyId === storyId).map((row) => row.id);
      const presented = await loadEntries(access, "follow_up", ids, db(), now);
      return presented.map((view): MyFollowUp => ({ ...view, storyId, storyTitle: titleOf.get(storyId) ?? "" }));
    }),
  );
  const views = new Map(perStory.flat().map((view) => [view.id, view]));

  const [, startOfTomorrow] = localDayBounds(now, timeZone, 1) as [Date, Date];
  const result: MyFollowUps = { overdue: [], today: [], upcoming: [], noDue: [], done: [], stories, truncated };
  for (const row of rows) {
    const view = views.get(row.id)!;
    if (!view.open) result.done.push(view);
    else if (!view.dueAt) result.noDue.push(view);
    else if (view.overdue) result.overdue.push(view);
    else if (view.dueAt < startOfTomorrow) result.today.push(view);
    else result.upcoming.push(view);
  }
  return result;
}
