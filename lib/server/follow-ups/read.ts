import "server-only";
import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { pageArgs, pageOf, type Page } from "@/lib/server/paging";
import { dayKey, fromLocalInput } from "@/lib/time-zone";
import { OPEN_FOLLOW_UP_STATUSES, type FollowUpFilters } from "@/lib/validations/follow-ups";
import { linkLabels, type FollowUpLink } from "./links";

// Reading follow-ups: the story's panel, the open follow-ups of each entry, and the shape
// every view shares. "Overdue" is decided here, on the server's clock, never in the browser.

export const FOLLOW_UP_INCLUDE = {
  assignee: { select: { name: true } },
  assignedBy: { select: { name: true } },
} as const satisfies Prisma.FollowUpInclude;

export type FollowUpRow = Prisma.FollowUpGetPayload<{ include: typeof FOLLOW_UP_INCLUDE }>;

export type FollowUpView = Omit<FollowUpRow, "assignee" | "assignedBy" | "linkKind" | "linkId"> & {
  assigneeName: string;
  assignedByName: string;
  link: FollowUpLink | null;
  open: boolean;
  overdue: boolean;
};

export const isOpen = (status: string) => (OPEN_FOLLOW_UP_STATUSES as readonly string[]).includes(status);

export async function present(access: StoryAccess, rows: FollowUpRow[], client: Tx = db(), now = new Date()): Promise<FollowUpView[]> {
  const labels = await linkLabels(access, rows.map((row) => ({ kind: row.linkKind, id: row.linkId })), client);
  return rows.map(({ assignee, assignedBy, linkKind: _kind, linkId, ...row }) => {
    const open = isOpen(row.status);
    return {
      ...row,
      assigneeName: assignee.name,
      assignedByName: assignedBy.name,
      link: linkId ? (labels.get(linkId) ?? null) : null,
      open,
      overdue: open && row.dueAt !== null && row.dueAt.getTime() < now.getTime(),
    };
  });
}

export async function loadFollowUp(tx: Tx, access: StoryAccess, followUpId: string): Promise<FollowUpView> {
  const row = await tx.followUp.findFirstOrThrow({ where: { id: followUpId, storyId: access.storyId }, include: FOLLOW_UP_INCLUDE });
  return (await present(access, [row], tx))[0]!;
}

/** The start of today and of the following days in a time zone (DST-safe: local midnights). */
export function localDayBounds(now: Date, timeZone: string, days: number): Date[] {
  const [y, m, d] = dayKey(now, timeZone).split("-").map(Number) as [number, number, number];
  return Array.from({ length: days + 1 }, (_, offset) => {
    const day = new Date(Date.UTC(y, m - 1, d + offset));
    return fromLocalInput(`${day.toISOString().slice(0, 10)}T00:00`, timeZone)!;
  });
}

export function dueWhere(due: FollowUpFilters["due"], timeZone: string, now = new Date()): Prisma.FollowUpWhereInput {
  if (!due) return {};
  if (due === "none") return { dueAt: null };
  if (due === "overdue") return { dueAt: { lt: now }, status: { in: [...OPEN_FOLLOW_UP_STATUSES] } };
  const bounds = localDayBounds(now, timeZone, due === "today" ? 1 : 7);
  return { dueAt: { gte: bounds[0], lt: bounds.at(-1) } };
}

/** The story's Follow-ups panel: open ones first, soonest due first, then by priority. */
export async function listFollowUps(user: SessionUser, storyId: string, filters: FollowUpFilters, timeZone = "UTC"): Promise<Page<FollowUpView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  const where: Prisma.FollowUpWhereInput = {
    AND: [
      {
        storyId: access.storyId,
        deletedAt: filters.deleted ? { not: null } : null,
        ...(filters.focus ? { id: filters.focus } : {}),
        ...(filters.status === "open" && !filters.focus ? { status: { in: [...OPEN_FOLLOW_UP_STATUSES] } } : {}),
        ...(filters.status !== "open" && filters.status !== "all" ? { status: filters.status } : {}),
        ...(filters.assignee ? { assigneeId: filters.assignee === "me" ? user.id : filters.assignee } : {}),
        ...(filters.response ? { response: filters.response } : {}),
        ...(filters.q ? { OR: [{ title: { contains: filters.q, mode: "insensitive" } }, { details: { contains: filters.q, mode: "insensitive" } }] } : {}),
      },
      dueWhere(filters.due, timeZone),
    ],
  };
  const orderBy: Prisma.FollowUpOrderByWithRelationInput[] = [{ status: "asc" }, { dueAt: { sort: "asc", nulls: "last" } }, { priority: "desc" }, { createdAt: "desc" }];
  const [total, rows] = await Promise.all([
    db().followUp.count({ where }),
    db().followUp.findMany({ where, orderBy, ...pageArgs(filters.page), include: FOLLOW_UP_INCLUDE }),
  ]);
  return pageOf(await present(access, rows), total, filters.page);
}

export type EntryFollowUp = Pick<FollowUpView, "id" | "title" | "assigneeName" | "dueAt" | "status" | "response" | "overdue">;

/** The open follow-ups of the entries on a panel's page, in one query. */
export async function openFollowUpsFor(access: StoryAccess, entryIds: string[]): Promise<Map<string, EntryFollowUp[]>> {
  const result = new Map<string, EntryFollowUp[]>();
  if (entryIds.length === 0) return result;
  const rows = await db().followUp.findMany({
    where: { storyId: access.storyId, deletedAt: null, linkId: { in: entryIds }, status: { in: [...OPEN_FOLLOW_UP_STATUSES] } },
    orderBy: [{ dueAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    include: FOLLOW_UP_INCLUDE,
  });
  const now = Date.now();
  for (const row of rows) {
    const list = result.get(row.linkId!) ?? [];
    list.push({
      id: row.id,
      title: row.title,
      assigneeName: row.assignee.name,
      dueAt: row.dueAt,
      status: row.status,
      response: row.response,
      overdue: row.dueAt !== null && row.dueAt.getTime() < now,
    });
    result.set(row.linkId!, list);
  }
  return result;
}
