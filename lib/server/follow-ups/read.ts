import "server-only";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import { columnIs, listEntries, type Beside } from "@/lib/entry-kinds/read";
import { Prisma, type FollowUpResponse, type FollowUpStatus } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import type { Page } from "@/lib/server/paging";
import { alone, jsonRows, type Fragment, type Read } from "@/lib/server/read-together";
import { dayKey, fromLocalInput } from "@/lib/time-zone";
import { OPEN_FOLLOW_UP_STATUSES, type FollowUpFilters } from "@/lib/validations/follow-ups";

// Reading follow-ups: the story's panel and the open follow-ups of each entry. (How one is
// shown, and when it is overdue: lib/entry-kinds/follow-up.ts.)

/** The start of today and of the following days in a time zone (DST-safe: local midnights). */
export function localDayBounds(now: Date, timeZone: string, days: number): Date[] {
  const [y, m, d] = dayKey(now, timeZone).split("-").map(Number) as [number, number, number];
  return Array.from({ length: days + 1 }, (_, offset) => {
    const day = new Date(Date.UTC(y, m - 1, d + offset));
    return fromLocalInput(`${day.toISOString().slice(0, 10)}T00:00`, timeZone)!;
  });
}

const OPEN = Prisma.sql`t.status::text = ANY(${[...OPEN_FOLLOW_UP_STATUSES]}::text[])`;

/** The panel's "Due" filter (on the server's clock, days in the reader's zone). */
function dueSql(due: FollowUpFilters["due"], timeZone: string, now = new Date()): Prisma.Sql | null {
  if (!due) return null;
  if (due === "none") return Prisma.sql`t.due_at IS NULL`;
  if (due === "overdue") return Prisma.sql`t.due_at < ${now} AND ${OPEN}`;
  const bounds = localDayBounds(now, timeZone, due === "today" ? 1 : 7);
  return Prisma.sql`t.due_at >= ${bounds[0]} AND t.due_at < ${bounds.at(-1)}`;
}

/** The story's Follow-ups panel: open ones first, soonest due first, then by priority. */
export async function listFollowUps(user: SessionUser, storyId: string, filters: FollowUpFilters, timeZone = "UTC", beside?: Beside): Promise<Page<FollowUpView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  const assignee = filters.assignee === "me" ? user.id : filters.assignee;
  return listEntries(access, "follow_up", filters, [
    filters.status === "open" && !filters.focus ? OPEN : null,
    filters.status !== "open" && filters.status !== "all" ? columnIs("status", filters.status) : null,
    assignee ? Prisma.sql`t.assignee_id = ${assignee}::uuid` : null,
    columnIs("response", filters.response),
    dueSql(filters.due, timeZone),
  ], beside);
}

export type EntryFollowUp = Pick<FollowUpView, "id" | "title" | "assigneeName" | "dueAt" | "status" | "response" | "overdue">;

type OpenFollowUpRow = { id: string; link_id: string; title: string; assignee_name: string; due_at: string | null; status: FollowUpStatus; response: FollowUpResponse };

/** The open follow-ups of these entries of the story (with the assignee's name), soonest due first: a fragment of a panel's one statement. */
function openFollowUpsSql(access: StoryAccess, entryIds: string[]): Fragment<Map<string, EntryFollowUp[]>> {
  return {
    name: "open_follow_ups",
    sql: jsonRows(
      Prisma.sql`
      SELECT f.id::text, f.link_id::text, f.title, u.name AS assignee_name, f.due_at, f.status::text AS status, f.response::text AS response, f.created_at
        FROM follow_ups f JOIN users u ON u.id = f.assignee_id
       WHERE f.story_id = ${access.storyId}::uuid AND f.deleted_at IS NULL AND f.link_id = ANY(${entryIds}::uuid[])
         AND f.status::text = ANY(${[...OPEN_FOLLOW_UP_STATUSES]}::text[])`,
      Prisma.sql`r.due_at ASC NULLS LAST, r.created_at ASC`,
    ),
    parse: (value) => {
      const result = new Map<string, EntryFollowUp[]>();
      const now = Date.now();
      for (const row of value as OpenFollowUpRow[]) {
        const dueAt = row.due_at === null ? null : new Date(row.due_at);
        const list = result.get(row.link_id) ?? [];
        list.push({ id: row.id, title: row.title, assigneeName: row.assignee_name, dueAt, status: row.status, response: row.response, overdue: dueAt !== null && dueAt.getTime() < now });
        result.set(row.link_id, list);
      }
      return result;
    },
  };
}

/** The open follow-ups of the entries on a panel's page (`read`: in the panel's one statement, or alone). */
export async function openFollowUpsFor(access: StoryAccess, entryIds: string[], read: Read = alone()): Promise<Map<string, EntryFollowUp[]>> {
  if (entryIds.length === 0) return new Map();
  return read(openFollowUpsSql(access, entryIds));
}
