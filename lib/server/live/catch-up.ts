import "server-only";
import { db, rawRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { LiveCursor } from "@/lib/live/protocol";
import type { Audience } from "./audience";
import { noticeOfRow, type RevisionNotice, type RevisionRow } from "./notices";

// What a browser missed while it was away (a network drop, an instance restart, a laptop
// asleep), read back from the ledger — not from a buffer that dies with an instance. A story's
// chain is exact: gapless sequence numbers, in commit order (the chain lock). The rest (other
// stories' changes on the desk home, follow-ups of other stories that concern the user) is
// read by revision id, and the inbox by the notifications' own sequence.

/** More than this at once is not replayed: the browser reloads its view instead. */
export const MAX_REPLAY = 200;
/** A desk-wide cursor this far behind the ledger is not scanned: reload instead. */
const MAX_DESK_LAG = 20_000;

export type Scope = { userId: string; story: string | null; desk: boolean };

export type CatchUp = {
  notices: RevisionNotice[];
  /** The last missed notification's sequence, if any was missed. */
  inbox: number | null;
  cursor: LiveCursor;
  /** Why the view must reload instead (too much missed; a cursor from another desk). */
  reset: "gap" | "unknown" | null;
};

const columns = Prisma.sql`r.id, r.chain, r.seq, r.entity_type, r.entity_id::text AS entity_id, r.action::text AS action, r.actor_id::text AS actor_id`;

export async function catchUp(audience: Audience, scope: Scope, cursor: LiveCursor): Promise<CatchUp> {
  const notices: RevisionNotice[] = [];
  let reset: CatchUp["reset"] = null;
  const next = { ...cursor };

  const { s: headSeq, r: lastId, n: lastInbox } = await startingCursor(scope.userId, scope.story);

  if (scope.story) {
    if (cursor.s > headSeq) reset = "unknown";
    else if (cursor.s < headSeq) {
      const rows = await db().$queryRaw<RevisionRow[]>`
        SELECT ${columns} FROM revisions r WHERE r.chain = ${scope.story} AND r.seq > ${cursor.s} AND r.seq <= ${headSeq}
         ORDER BY r.seq LIMIT ${MAX_REPLAY + 1}`;
      if (rows.length > MAX_REPLAY) reset = "gap";
      else notices.push(...rows.map(noticeOfRow));
    }
    next.s = headSeq;
  }

  if (cursor.r > lastId) reset ??= "unknown";
  else if (lastId - cursor.r > MAX_DESK_LAG) reset ??= "gap";
  else if (cursor.r < lastId) {
    const visible = await audience.visibleStories(scope.userId);
    const stories = visible === null ? Prisma.sql`r.story_id IS NOT NULL` : Prisma.sql`r.story_id = ANY(${visible}::uuid[])`;
    const notThisStory = scope.story ? Prisma.sql`r.chain <> ${scope.story}` : Prisma.sql`TRUE`;
    const me = scope.userId;
    // The desk home hears every change of its stories; elsewhere, follow-ups that concern the user.
    const concerning = scope.desk
      ? Prisma.sql`TRUE`
      : Prisma.sql`r.entity_type = 'follow_up' AND (${me} IN (r.snapshot->>'assignee_id', r.snapshot->>'assigned_by_id') OR EXISTS (
          SELECT 1 FROM (SELECT p.snapshot FROM revisions p WHERE p.entity_id = r.entity_id AND p.seq < r.seq ORDER BY p.seq DESC LIMIT 1) prev
           WHERE ${me} IN (prev.snapshot->>'assignee_id', prev.snapshot->>'assigned_by_id')))`;
    const rows = await db().$queryRaw<RevisionRow[]>`
      SELECT ${columns} FROM revisions r
       WHERE r.id > ${cursor.r} AND r.id <= ${lastId} AND ${stories} AND ${notThisStory} AND ${concerning}
       ORDER BY r.id LIMIT ${MAX_REPLAY + 1}`;
    if (rows.length > MAX_REPLAY) reset ??= "gap";
    else notices.push(...rows.map(noticeOfRow));
  }
  next.r = lastId;

  const missedInbox = cursor.n < lastInbox ? lastInbox : null;
  if (cursor.n > lastInbox) reset ??= "unknown";
  next.n = lastInbox;

  return { notices: reset ? [] : notices, inbox: missedInbox, cursor: next, reset };
}

/** Where a page starts listening from: read before the page reads its data, so nothing falls in between. */
export async function startingCursor(userId: string, storyId: string | null): Promise<LiveCursor> {
  const [row] = await rawRows<CursorRow>(Prisma.sql`SELECT ${cursorColumns(userId, storyId)}`);
  return cursorOf(row!);
}

export type CursorRow = { head: string; last: string; inbox: string };

/**
 * A starting cursor's columns (head, last, inbox), for a statement that reads it with what it
 * guards (the desk's layout: deskHead): every page view reads it — a story page's chain head
 * comes with its access check (storyAccessAndHead). On the pool, int8 as text.
 */
export const cursorColumns = (userId: string, storyId: string | null) => Prisma.sql`
  coalesce((SELECT seq FROM revision_chains WHERE chain = ${storyId ?? ""}), 0) AS head,
  coalesce((SELECT max(id) FROM revisions), 0) AS last,
  coalesce((SELECT max(seq) FROM notifications WHERE user_id = ${userId}::uuid), 0) AS inbox`;

export const cursorOf = (row: CursorRow): LiveCursor => ({ s: Number(row.head), r: Number(row.last), n: Number(row.inbox) });
