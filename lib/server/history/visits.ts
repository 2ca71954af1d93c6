import "server-only";
import { db, rawRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, storyAccessSql, type SessionUser } from "@/lib/server/access";
import { requestMemo } from "@/lib/server/request-memo";

// "Since your last visit": each story page view moves the member's `seen` mark to the chain
// head. A visit that starts more than VISIT_GAP after the last page view makes the previous
// mark the baseline; views within one visit keep it, so the count survives tab switches.
// Only changes made by others count. The page reads (sinceLastVisit) and the browser records
// the view afterwards with a POST (/api/stories/:id/visit): a GET never writes.

export const VISIT_GAP_MINUTES = 30;
const COUNT_CAP = 1000;

export type SinceLastVisit = { baselineSeq: number; baselineAt: Date; changes: number; capped: boolean } | null;

export async function recordVisit(user: SessionUser, storyId: string): Promise<SinceLastVisit> {
  const access = await storyAccessFor(user, storyId, "reader");
  const since = await readSince(user.id, access.storyId);
  await db().$executeRaw`
    INSERT INTO story_visits AS v (user_id, story_id, seen_seq, seen_at)
    SELECT ${user.id}::uuid, ${access.storyId}::uuid, coalesce((SELECT seq FROM revision_chains WHERE chain = ${access.storyId}), 0), now()
    ON CONFLICT (user_id, story_id) DO UPDATE SET
      baseline_seq = CASE WHEN v.seen_at < now() - make_interval(mins => ${VISIT_GAP_MINUTES}) THEN v.seen_seq ELSE v.baseline_seq END,
      baseline_at = CASE WHEN v.seen_at < now() - make_interval(mins => ${VISIT_GAP_MINUTES}) THEN v.seen_at ELSE v.baseline_at END,
      seen_seq = EXCLUDED.seen_seq,
      seen_at = EXCLUDED.seen_at`;
  return since;
}

const sinceOf = requestMemo<SinceLastVisit>();

/** What recordVisit would answer for a page view now, without recording it (or as the page's first statement read it). */
export async function sinceLastVisit(user: SessionUser, storyId: string): Promise<SinceLastVisit> {
  const access = await storyAccessFor(user, storyId, "reader");
  return sinceOf.read([user.id, user.role, access.storyId], () => readSince(user.id, access.storyId));
}

type SinceRow = { baseline_seq: string | number | null; baseline_at: Date | string | null; changes: string | number };

/** The baseline this page view compares against (the previous visit's end, once 30 minutes have passed) and others' changes since. */
const sinceSql = (userId: Prisma.Sql, id: string) => Prisma.sql`
    WITH visit AS (
      SELECT CASE WHEN v.seen_at < now() - make_interval(mins => ${VISIT_GAP_MINUTES}) THEN v.seen_seq ELSE v.baseline_seq END AS baseline_seq,
             CASE WHEN v.seen_at < now() - make_interval(mins => ${VISIT_GAP_MINUTES}) THEN v.seen_at ELSE v.baseline_at END AS baseline_at
        FROM story_visits v WHERE v.user_id = ${userId} AND v.story_id = ${id}::uuid
    )
    SELECT visit.baseline_seq, visit.baseline_at,
           (SELECT count(*) FROM (
              SELECT 1 FROM revisions
               WHERE chain = ${id} AND seq > visit.baseline_seq AND actor_id <> ${userId}
               LIMIT ${COUNT_CAP}) AS recent) AS changes
      FROM visit`;

function sinceOfRow(row: SinceRow | undefined | null): SinceLastVisit {
  if (!row || row.baseline_seq === null || row.baseline_at === null) return null;
  const changes = Number(row.changes);
  return { baselineSeq: Number(row.baseline_seq), baselineAt: new Date(row.baseline_at), changes, capped: changes >= COUNT_CAP };
}

async function readSince(userId: string, id: string): Promise<SinceLastVisit> {
  // int8 as text (rawRows): read through Number().
  const [row] = await rawRows<SinceRow>(sinceSql(Prisma.sql`${userId}::uuid`, id));
  return sinceOfRow(row);
}

/**
 * The same as a column of the session's statement (lib/pages.ts, storyFirstRead), for the
 * session's account `me`: no row unless `me` may see the story (the access check's own row).
 */
export function sinceLastVisitColumn(storyId: string): Prisma.Sql {
  return Prisma.sql`(SELECT to_json(s) FROM (${sinceSql(Prisma.sql`me.id`, storyId)}) s WHERE EXISTS (${storyAccessSql(storyId)})) AS story_since`;
}

export type SinceLastVisitColumn = { story_since: SinceRow | null };

/**
 * What sinceLastVisitColumn read, for a story the reader may see (the caller checked the access
 * row: here null is "no visit yet", not "not visible"): this request's sinceLastVisit of it.
 */
export function knownSinceLastVisit(user: SessionUser, storyId: string, row: SinceRow | null): void {
  sinceOf.know([user.id, user.role, storyId], sinceOfRow(row));
}

/** "Mark as caught up": the baseline moves to what the member has now seen. */
export async function markCaughtUp(user: SessionUser, storyId: string): Promise<void> {
  const access = await storyAccessFor(user, storyId, "reader");
  await db().$executeRaw`
    UPDATE story_visits SET baseline_seq = seen_seq, baseline_at = seen_at
     WHERE user_id = ${user.id}::uuid AND story_id = ${access.storyId}::uuid`;
}
