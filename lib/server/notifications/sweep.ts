import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { emailConfigured, mayBeNotified } from "./notify";

// The clock's notifications: a follow-up coming due, and one past due. Run every minute by
// instrumentation.ts and when someone opens their inbox; one INSERT … SELECT per kind, with
// the same rules as notify() (the assignee only, not a disabled account, not someone who is no
// longer on the story; a dedupe key per event and recipient, so running it again — on this
// instance or another — inserts nothing). The key names the due time: moving the due time
// re-arms both notifications.

export type SweepOptions = {
  /** The sweep's "now" (tests); the database's clock by default. */
  now?: Date;
  /** Only this assignee's follow-ups (their inbox is being opened). */
  userId?: string;
  /** How far ahead "due soon" looks. */
  soonMinutes?: number;
};

export type SweepResult = { dueSoon: number; overdue: number };

export async function sweepDueFollowUps({ now, userId, soonMinutes = 120 }: SweepOptions = {}): Promise<SweepResult> {
  const at = Prisma.sql`COALESCE(${now ?? null}::timestamptz, now())`;
  const [dueSoon, overdue] = await db().$transaction([
    insertDue("due_soon", Prisma.sql`f.due_at > ${at} AND f.due_at <= ${at} + make_interval(mins => ${soonMinutes}::int)`, userId),
    insertDue("overdue", Prisma.sql`f.due_at <= ${at}`, userId),
  ]);
  return { dueSoon, overdue };
}

function insertDue(kind: "due_soon" | "overdue", due: Prisma.Sql, userId: string | undefined) {
  const suffix = kind === "due_soon" ? "” is due soon" : "” is overdue";
  return db().$executeRaw`
    INSERT INTO notifications (user_id, story_id, kind, actor_id, entity_type, entity_id, title, dedupe_key, email_status)
    SELECT f.assignee_id, f.story_id, ${kind}, NULL, 'follow_up', f.id,
           '“' || f.title || ${suffix},
           ${kind}::text || ':' || f.id::text || ':' || floor(extract(epoch FROM f.due_at) * 1000)::bigint::text || ':' || f.assignee_id::text,
           ${emailConfigured() ? "pending" : "none"}
      FROM follow_ups f
      JOIN stories s ON s.id = f.story_id AND s.deleted_at IS NULL
      JOIN users u ON u.id = f.assignee_id
     WHERE f.status IN ('todo', 'in_progress')
       AND f.response <> 'declined'
       AND f.deleted_at IS NULL
       AND f.due_at IS NOT NULL
       AND ${due}
       AND (${userId ?? null}::uuid IS NULL OR f.assignee_id = ${userId ?? null}::uuid)
       AND ${mayBeNotified("u", Prisma.sql`f.story_id`)}
    ON CONFLICT (dedupe_key) DO NOTHING`;
}
