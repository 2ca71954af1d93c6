import "server-only";
import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { NotificationKind } from "@/lib/validations/notifications";

// The one way a notification is made: inside the transaction of the change that causes it, so
// that a change and its notifications commit (or roll back) together. Each row has a dedupe
// key naming the event and the recipient; a retried or repeated event inserts nothing.
// E-mail is not sent here: rows are marked `pending` when SMTP is configured, and the outbox
// (email.ts) sends them after the commit.

export type NotificationEvent = {
  storyId: string;
  kind: NotificationKind;
  /** Who caused it (never notified of their own change); null for the clock (due soon, overdue). */
  actorId: string | null;
  /** What it is about: the follow-up, or the entry a mention or comment is on ("story" for the memo). */
  entityType: string;
  entityId: string;
  /** One line for the in-app inbox. E-mail never uses it (see email.ts). */
  title: string;
  /** Names the event; the recipient's id is appended to make each row's key. */
  eventKey: string;
};

export const emailConfigured = () => Boolean(process.env.SMTP_URL);

/**
 * SQL: the account `users` row aliased `user` may still hear about `story` — an active account
 * that is an admin or an active member. The one rule for making, sweeping and e-mailing
 * notifications.
 */
export function mayBeNotified(user: string, story: Prisma.Sql): Prisma.Sql {
  const u = Prisma.raw(user);
  return Prisma.sql`(${u}.disabled_at IS NULL AND (${u}.role = 'admin' OR EXISTS (
    SELECT 1 FROM story_members m WHERE m.story_id = ${story} AND m.user_id = ${u}.id AND m.deleted_at IS NULL)))`;
}

/**
 * Notifies `recipients` of one event. Skips the actor, disabled accounts and anyone who is no
 * longer a member of the story (admins see every story, so they count as members). Returns
 * how many rows were inserted.
 */
export async function notify(tx: Tx, recipients: Iterable<string | null | undefined>, event: NotificationEvent): Promise<number> {
  const userIds = [...new Set([...recipients].filter((value): value is string => Boolean(value) && value !== event.actorId))];
  if (userIds.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO notifications (user_id, story_id, kind, actor_id, entity_type, entity_id, title, dedupe_key, email_status, created_at)
    SELECT u.id, ${event.storyId}::uuid, ${event.kind}, ${event.actorId}::uuid, ${event.entityType}, ${event.entityId}::uuid,
           ${event.title}, ${event.eventKey} || ':' || u.id::text, ${emailConfigured() ? "pending" : "none"},
           -- The revision's clock: the database's, except while the demo seed dates its history
           -- in the past (then a notification is as old as the change it tells of).
           ledger_now()
      FROM users u
     WHERE u.id = ANY(${userIds}::uuid[])
       AND ${mayBeNotified("u", Prisma.sql`${event.storyId}::uuid`)}
    ON CONFLICT (dedupe_key) DO NOTHING`;
}
