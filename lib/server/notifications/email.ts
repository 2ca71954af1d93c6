import "server-only";
import { isolate } from "@/lib/bidi";
import nodemailer, { type Transporter } from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { log, logUnexpected } from "@/lib/log";
import type { NotificationKind } from "@/lib/validations/notifications";
import { appBaseUrl, notificationHref } from "./links";
import { emailConfigured, mayBeNotified } from "./notify";

// The outbox: notifications marked `pending` (SMTP was configured when they were made) are
// e-mailed after their transaction commits. A batch is claimed with FOR UPDATE SKIP LOCKED and
// a five-minute lease, so two app instances never send the same row; a row is marked `sent`
// once the SMTP server accepts it (a crash between the two could repeat one e-mail after the
// lease; nothing else can). A failure stays pending for another try, `failed` after five.
//
// E-mail leaves the desk's systems, so it carries no coverage: never the notification's title,
// a follow-up's title or details, a comment, or a source. Only the kind of event (a fixed
// sentence), who caused it, the story's title, a follow-up's due time, and a link back.

export const MAX_EMAIL_ATTEMPTS = 5;

const transporters = new Map<string, Transporter<SMTPTransport.SentMessageInfo>>();

/** One transporter per SMTP_URL (per process): a changed URL gets its own. */
function transporterFor(url: string): Transporter<SMTPTransport.SentMessageInfo> {
  let transporter = transporters.get(url);
  if (!transporter) {
    transporter = nodemailer.createTransport(
      new SMTPTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 }),
    );
    transporters.set(url, transporter);
  }
  return transporter;
}

type Copy = { sentence: (actor: string) => string; subject: string };

/** A fixed sentence per kind: what happened, never what it is about. */
const COPY: Record<NotificationKind, Copy> = {
  assigned: { sentence: (actor) => `${actor} assigned you a follow-up`, subject: "you were assigned a follow-up" },
  reassigned: { sentence: (actor) => `${actor} reassigned a follow-up`, subject: "a follow-up was reassigned" },
  responded: { sentence: (actor) => `${actor} responded to a follow-up`, subject: "a follow-up got a response" },
  status: { sentence: (actor) => `${actor} changed the status of a follow-up`, subject: "a follow-up changed status" },
  due_soon: { sentence: () => "A follow-up of yours is due soon", subject: "a follow-up of yours is due soon" },
  overdue: { sentence: () => "A follow-up of yours is overdue", subject: "a follow-up of yours is overdue" },
  mentioned: { sentence: (actor) => `${actor} mentioned you in a comment`, subject: "you were mentioned in a comment" },
  anchor_changed: { sentence: () => "A new take of a document changed a quote you logged", subject: "a quote you logged changed in a new take" },
};

export type EmailFacts = {
  kind: NotificationKind;
  actorName: string | null;
  storyId: string;
  storyTitle: string;
  entityType: string;
  entityId: string;
  /** The follow-up's due time (entity_type follow_up only). */
  dueAt: Date | null;
};

export type ComposedEmail = { subject: string; text: string; html: string };

const oneLine = (value: string) => value.replace(/\s+/g, " ").trim();

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

const dueFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC",
});

/** "Due Tue 1 Dec 2026, 17:00 UTC" (e-mail has no reader's time zone: UTC, said so). */
export function formatDue(at: Date): string {
  const part = Object.fromEntries(dueFormat.formatToParts(at).map((p) => [p.type, p.value]));
  const hour = part.hour === "24" ? "00" : part.hour;
  return `Due ${part.weekday} ${part.day} ${part.month} ${part.year}, ${hour}:${part.minute} UTC`;
}

/** The e-mail for one notification, from the facts above only (see the top of this file). */
export function composeNotificationEmail(facts: EmailFacts): ComposedEmail {
  const copy = COPY[facts.kind] ?? { sentence: (actor: string) => `${actor} updated something for you`, subject: "there is news for you" };
  // Names and titles are isolated (lib/bidi.ts): a Hebrew title cannot pull the quote marks, the colon or the
  // full stop of the sentence around it to the wrong side, in a subject line or a plain-text body.
  const story = isolate(oneLine(facts.storyTitle));
  const sentence = copy.sentence(isolate(oneLine(facts.actorName ?? "")) || "Someone");
  const due = facts.entityType === "follow_up" && facts.dueAt ? formatDue(facts.dueAt) : null;
  const link = `${appBaseUrl()}${notificationHref(facts.storyId, facts.entityType, facts.entityId)}`;
  const footer = "You get this e-mail because you have a Storydesk account. The details are in Storydesk only.";
  const text = [`${sentence} on the story “${story}”.`, ...(due ? [due] : []), "", `Open it in Storydesk: ${link}`, "", "—", footer, ""].join("\n");
  const html = [
    "<!doctype html>",
    '<html><body style="font-family: system-ui, sans-serif; font-size: 14px; color: #0f172a;">',
    `<p>${escapeHtml(sentence)} on the story <strong><bdi>${escapeHtml(story)}</bdi></strong>.</p>`,
    due ? `<p>${escapeHtml(due)}</p>` : "",
    `<p><a href="${escapeHtml(link)}">Open it in Storydesk</a></p>`,
    `<p style="color: #64748b; font-size: 12px;">${escapeHtml(footer)}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject: `[Storydesk] ${story}: ${copy.subject}`, text, html };
}

type ClaimedRow = {
  id: string;
  kind: NotificationKind;
  story_id: string;
  entity_type: string;
  entity_id: string;
  attempts: number;
  email: string;
  deliverable: boolean;
  story_title: string;
  actor_name: string | null;
  due_at: Date | null;
};

export type DeliveryResult = { claimed: number; sent: number; retrying: number; failed: number; skipped: number };

/**
 * Sends up to `limit` pending notification e-mails. Nothing happens without SMTP_URL. A
 * recipient who was disabled, removed from the story, or whose story was deleted since is not
 * e-mailed (the row becomes `none`).
 */
export async function deliverPendingEmails({ limit = 20 }: { limit?: number } = {}): Promise<DeliveryResult> {
  const result: DeliveryResult = { claimed: 0, sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const url = process.env.SMTP_URL;
  if (!url) return result;

  // Claim (one statement, so the lease is taken before anything is read), then read the facts
  // the e-mail may carry and whether the recipient may still get it.
  const rows = await db().$queryRaw<ClaimedRow[]>`
    WITH claimed AS (
      UPDATE notifications
         SET email_claimed_at = now(), email_attempts = email_attempts + 1
       WHERE id IN (
             SELECT id FROM notifications
              WHERE email_status = 'pending'
                AND (email_claimed_at IS NULL OR email_claimed_at < now() - interval '5 minutes')
                AND email_attempts < ${MAX_EMAIL_ATTEMPTS}
              ORDER BY created_at
              FOR UPDATE SKIP LOCKED
              LIMIT ${limit})
   RETURNING id, user_id, story_id, kind, actor_id, entity_type, entity_id, email_attempts, created_at)
    SELECT c.id, c.kind, c.story_id, c.entity_type, c.entity_id, c.email_attempts AS attempts, u.email,
           (s.deleted_at IS NULL AND ${mayBeNotified("u", Prisma.sql`c.story_id`)}) AS deliverable,
           s.title AS story_title, a.name AS actor_name,
           CASE WHEN c.entity_type = 'follow_up' THEN f.due_at END AS due_at
      FROM claimed c
      JOIN users u ON u.id = c.user_id
      JOIN stories s ON s.id = c.story_id
      LEFT JOIN users a ON a.id = c.actor_id
      LEFT JOIN follow_ups f ON c.entity_type = 'follow_up' AND f.id = c.entity_id
     ORDER BY c.created_at`;
  result.claimed = rows.length;
  if (rows.length === 0) return result;

  const skipped = rows.filter((row) => !row.deliverable).map((row) => row.id);
  if (skipped.length > 0) {
    result.skipped = await db().$executeRaw`
      UPDATE notifications SET email_status = 'none' WHERE id = ANY(${skipped}::uuid[]) AND email_status = 'pending'`;
  }

  const transporter = transporterFor(url);
  const from = process.env.SMTP_FROM || "Storydesk <storydesk@localhost>";
  for (const row of rows.filter((candidate) => candidate.deliverable)) {
    const email = composeNotificationEmail({
      kind: row.kind,
      actorName: row.actor_name,
      storyId: row.story_id,
      storyTitle: row.story_title,
      entityType: row.entity_type,
      entityId: row.entity_id,
      dueAt: row.due_at,
    });
    try {
      await transporter.sendMail({ from, to: row.email, subject: email.subject, text: email.text, html: email.html });
      await db().$executeRaw`UPDATE notifications SET email_status = 'sent' WHERE id = ${row.id}::uuid AND email_status = 'pending'`;
      result.sent += 1;
    } catch (error) {
      // Ids and codes only: an SMTP error's message can name the address.
      const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
      const responseCode = typeof error === "object" && error !== null ? (error as { responseCode?: unknown }).responseCode : undefined;
      if (row.attempts >= MAX_EMAIL_ATTEMPTS) {
        await db().$executeRaw`UPDATE notifications SET email_status = 'failed' WHERE id = ${row.id}::uuid AND email_status = 'pending'`;
        result.failed += 1;
      } else {
        result.retrying += 1;
      }
      log.warn(
        { event: "notification_email_failed", notificationId: row.id, attempt: row.attempts, code, responseCode, gaveUp: row.attempts >= MAX_EMAIL_ATTEMPTS },
        "notification e-mail failed",
      );
    }
  }
  return result;
}

// One run at a time per process (the lease keeps instances apart).
const outbox = globalThis as unknown as { storydeskOutbox?: Promise<void> | null };

/**
 * Sends pending e-mails in the background (not awaited) when SMTP is configured. A call while
 * a run is going on does nothing: that run picks up what is pending.
 */
export function kickEmailOutbox(): void {
  if (!emailConfigured() || outbox.storydeskOutbox) return;
  outbox.storydeskOutbox = (async () => {
    const limit = 20;
    // A full batch means there may be more: keep going for a few batches.
    for (let batch = 0; batch < 10; batch += 1) {
      const result = await deliverPendingEmails({ limit });
      if (result.claimed > 0) log.info({ event: "notification_emails", ...result }, "notification e-mails delivered");
      // Not a full batch, or the server refuses everything (it is down): wait for the next kick.
      if (result.claimed < limit || (result.sent === 0 && result.retrying + result.failed > 0)) break;
    }
  })()
    .catch((error: unknown) => logUnexpected("kickEmailOutbox", error))
    .finally(() => {
      outbox.storydeskOutbox = null;
    });
}
