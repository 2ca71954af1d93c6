// Notifications: notify()'s rules, the inbox (scoping, keyset pages, read state), the clock's
// due-soon and overdue sweep, and the e-mail outbox against a local SMTP sink — e-mail never
// carries entry content or source details.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { markAllReadAction, markReadAction } from "@/lib/actions/notifications";
import { db } from "@/lib/db";
import { writeWithRevision } from "@/lib/server/ledger";
import { removeMember } from "@/lib/server/members";
import { deliverPendingEmails, formatDue } from "@/lib/server/notifications/email";
import { INBOX_PAGE, listNotifications, markRead, unreadCount } from "@/lib/server/notifications/inbox";
import { notify, type NotificationEvent } from "@/lib/server/notifications/notify";
import { sweepDueFollowUps } from "@/lib/server/notifications/sweep";
import { createSource } from "@/lib/server/sources/write";
import { setUserDisabled } from "@/lib/server/users";
import { addToStory, makeDesk, makeStory, makeUser, type TestUser } from "@/prisma/factories";
import { codeOf } from "../support/errors";
import { actAs } from "../support/session";

// ---------------------------------------------------------------------------------------------
// Helpers. The follow-up domain (lib/server/follow-ups) is not used here yet: follow-ups are
// written with SQL inside writeWithRevision (follow_ups is tracked: the actor must be named) and
// notifications through notify(), as the domain functions will. Swap these for the domain later.

type FollowUpFields = {
  assigneeId: string;
  title?: string;
  dueAt?: Date | null;
  status?: "todo" | "in_progress" | "done" | "cancelled";
  response?: "pending" | "accepted" | "declined";
  link?: { kind: "question" | "source" | "quote" | "timeline_event"; id: string } | null;
};

async function makeFollowUp(actor: TestUser, storyId: string, fields: FollowUpFields): Promise<string> {
  return writeWithRevision({ actorId: actor.id, storyId }, async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO follow_ups (story_id, title, assignee_id, assigned_by_id, due_at, status, response, link_kind, link_id, updated_at)
      VALUES (${storyId}::uuid, ${fields.title ?? "Call the harbour office"}, ${fields.assigneeId}::uuid, ${actor.id}::uuid,
              ${fields.dueAt ?? null}::timestamptz, ${fields.status ?? "todo"}::"FollowUpStatus", ${fields.response ?? "pending"}::"FollowUpResponse",
              ${fields.link?.kind ?? null}, ${fields.link?.id ?? null}::uuid, now())
      RETURNING id`;
    return row!.id;
  });
}

async function changeFollowUp(
  actor: TestUser,
  storyId: string,
  followUpId: string,
  change: { dueAt?: Date; status?: FollowUpFields["status"]; response?: FollowUpFields["response"]; deleted?: boolean },
): Promise<void> {
  await writeWithRevision({ actorId: actor.id, storyId }, async (tx) => {
    await tx.$executeRaw`
      UPDATE follow_ups
         SET due_at = COALESCE(${change.dueAt ?? null}::timestamptz, due_at),
             status = COALESCE(${change.status ?? null}::"FollowUpStatus", status),
             response = COALESCE(${change.response ?? null}::"FollowUpResponse", response),
             deleted_at = CASE WHEN ${change.deleted ?? null}::boolean THEN now() ELSE deleted_at END,
             version = version + 1, updated_at = now()
       WHERE id = ${followUpId}::uuid`;
  });
}

/** notify() inside a change's transaction, as the domain functions call it. */
async function notifyAs(actor: TestUser, recipients: (string | null)[], event: Omit<NotificationEvent, "actorId"> & { actorId?: string | null }) {
  return writeWithRevision({ actorId: actor.id, storyId: event.storyId }, (tx) =>
    notify(tx, recipients, { actorId: actor.id, ...event }),
  );
}

const assignedEvent = (storyId: string, followUpId: string, title = "Call the harbour office") => ({
  storyId,
  kind: "assigned" as const,
  entityType: "follow_up",
  entityId: followUpId,
  title: `Assigned to you: “${title}”`,
  eventKey: `assigned:${followUpId}:1`,
});

async function deleteStory(actor: TestUser, storyId: string): Promise<void> {
  await writeWithRevision({ actorId: actor.id, storyId }, (tx) =>
    tx.$executeRaw`UPDATE stories SET deleted_at = now(), version = version + 1, updated_at = now() WHERE id = ${storyId}::uuid`,
  );
}

const rowsOf = (userId: string) => db().notification.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

async function membershipOf(storyId: string, user: TestUser): Promise<string> {
  return (await db().storyMember.findFirstOrThrow({ where: { storyId, userId: user.id, deletedAt: null } })).id;
}

// ---------------------------------------------------------------------------------------------

let admin: TestUser;
let lead: TestUser;
let reporter: TestUser;
let colleague: TestUser;
let outsider: TestUser;
let storyId: string;

beforeEach(async () => {
  ({ admin, lead, reporter, colleague, outsider, storyId } = await makeDesk(
    {
      admin: { role: "admin", name: "Ada Admin" },
      lead: { role: "editor", name: "Maya Cohen", on: "lead" },
      reporter: { name: "Rui Reporter", on: "contributor" },
      colleague: { name: "Cleo Colleague", on: "reader" },
      outsider: { name: "Otto Outsider" },
    },
    { title: "Harbour contracts" },
  ));
});

describe("notify()", () => {
  it("notifies members (and admins) but never the actor, a disabled account or a non-member", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    await setUserDisabled(admin, { userId: colleague.id, disabled: true });
    const admin2 = await makeUser({ role: "admin" });
    const inserted = await notifyAs(lead, [reporter.id, lead.id, colleague.id, outsider.id, admin2.id, null, reporter.id], assignedEvent(storyId, followUpId));
    expect(inserted).toBe(2);
    const rows = await db().notification.findMany({ where: { storyId } });
    expect(rows.map((row) => row.userId).sort()).toEqual([reporter.id, admin2.id].sort());
    const mine = rows.find((row) => row.userId === reporter.id)!;
    expect(mine).toMatchObject({
      kind: "assigned",
      actorId: lead.id,
      entityType: "follow_up",
      entityId: followUpId,
      dedupeKey: `assigned:${followUpId}:1:${reporter.id}`,
      readAt: null,
      emailStatus: "none",
    });
  });

  it("inserts one row for the same event twice (a retried change)", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    expect(await notifyAs(lead, [reporter.id], assignedEvent(storyId, followUpId))).toBe(1);
    expect(await notifyAs(lead, [reporter.id], assignedEvent(storyId, followUpId))).toBe(0);
    expect(await rowsOf(reporter.id)).toHaveLength(1);
  });

  it("rolls back with the change it belongs to", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    await expect(
      writeWithRevision({ actorId: lead.id, storyId }, async (tx) => {
        await notify(tx, [reporter.id], { actorId: lead.id, ...assignedEvent(storyId, followUpId) });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await rowsOf(reporter.id)).toHaveLength(0);
  });
});

describe("the inbox", () => {
  it("lists my notifications newest first, with story, actor and a link to the entry", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    await notifyAs(lead, [reporter.id], assignedEvent(storyId, followUpId));
    const questionId = "0b9e8f0e-1d7a-4c5e-9f50-3c1a2b4d5e6f";
    await notifyAs(colleague, [reporter.id], {
      storyId,
      kind: "mentioned",
      entityType: "question",
      entityId: questionId,
      title: "Cleo mentioned you on a question",
      eventKey: "mentioned:c1",
    });
    await notifyAs(colleague, [reporter.id], { storyId, kind: "mentioned", entityType: "story", entityId: storyId, title: "On the memo", eventKey: "mentioned:c2" });

    const inbox = await listNotifications(reporter, {});
    expect(inbox.next).toBeNull();
    expect(inbox.items.map((item) => [item.kind, item.title, item.storyTitle, item.actorName, item.href, item.readAt])).toEqual([
      ["mentioned", "On the memo", "Harbour contracts", "Cleo Colleague", `/stories/${storyId}`, null],
      ["mentioned", "Cleo mentioned you on a question", "Harbour contracts", "Cleo Colleague", `/stories/${storyId}?tab=questions&focus=${questionId}`, null],
      ["assigned", "Assigned to you: “Call the harbour office”", "Harbour contracts", "Maya Cohen", `/stories/${storyId}?tab=follow-ups&focus=${followUpId}`, null],
    ]);
    expect(inbox.items[0]!.createdAt).toBeInstanceOf(Date);
    // Only mine.
    expect((await listNotifications(colleague, {})).items).toHaveLength(0);
    expect(await unreadCount(reporter)).toBe(3);
  });

  it("pages by keyset, 30 at a time, without gaps or repeats even when rows share a timestamp", async () => {
    const total = INBOX_PAGE + 7;
    // One transaction: every row has the same created_at; the id breaks the tie.
    await writeWithRevision({ actorId: lead.id, storyId }, async (tx) => {
      for (let i = 0; i < total; i += 1) {
        await notify(tx, [reporter.id], { storyId, kind: "status", actorId: lead.id, entityType: "story", entityId: storyId, title: `Change ${i}`, eventKey: `status:${i}` });
      }
    });
    const first = await listNotifications(reporter, {});
    expect(first.items).toHaveLength(INBOX_PAGE);
    expect(first.next).not.toBeNull();
    const second = await listNotifications(reporter, { ...first.next! });
    expect(second.items).toHaveLength(7);
    expect(second.next).toBeNull();
    const ids = [...first.items, ...second.items].map((item) => item.id);
    expect(new Set(ids).size).toBe(total);
    const titles = [...first.items, ...second.items].map((item) => item.title).sort();
    expect(titles).toEqual(Array.from({ length: total }, (_, i) => `Change ${i}`).sort());
    // Newest first across pages.
    const all = await db().notification.findMany({ where: { userId: reporter.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(ids).toEqual(all.map((row) => row.id));
    // A cursor that does not parse is ignored (URLs get edited by hand).
    expect((await listNotifications(reporter, { before: "yesterday", beforeId: "x" })).items).toHaveLength(INBOX_PAGE);
  });

  it("filters to unread only", async () => {
    const one = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    const two = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    await notifyAs(lead, [reporter.id], assignedEvent(storyId, one));
    await notifyAs(lead, [reporter.id], assignedEvent(storyId, two));
    const [first] = await rowsOf(reporter.id);
    await markRead(reporter, { notificationId: first!.id });
    const unread = await listNotifications(reporter, { unread: "1" });
    expect(unread.items.map((item) => item.href)).toEqual([`/stories/${storyId}?tab=follow-ups&focus=${two}`]);
    expect((await listNotifications(reporter, {})).items).toHaveLength(2);
  });

  it("hides notifications of a story I was removed from, or that was deleted; an admin still sees theirs", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    await notifyAs(lead, [reporter.id, admin.id], assignedEvent(storyId, followUpId));
    const other = (await makeStory(lead, { title: "Other story" })).id;
    await addToStory(lead, other, reporter, "reader");
    await notifyAs(lead, [reporter.id], { storyId: other, kind: "status", entityType: "story", entityId: other, title: "Other", eventKey: "other:1" });
    expect(await unreadCount(reporter)).toBe(2);

    await removeMember(lead, { storyId, memberId: await membershipOf(storyId, reporter) });
    expect((await listNotifications(reporter, {})).items.map((item) => item.storyTitle)).toEqual(["Other story"]);
    expect(await unreadCount(reporter)).toBe(1);
    // Not readable by id either.
    const hidden = (await rowsOf(reporter.id)).find((row) => row.storyId === storyId)!;
    expect(await codeOf(markRead(reporter, { notificationId: hidden.id }))).toBe("NOT_FOUND");
    // Back on the story: back in the inbox.
    await addToStory(lead, storyId, reporter, "contributor");
    expect(await unreadCount(reporter)).toBe(2);

    // Admins see every story, member or not; a deleted story drops out for everyone.
    expect((await listNotifications(admin, {})).items).toHaveLength(1);
    await deleteStory(lead, storyId);
    expect((await listNotifications(admin, {})).items).toHaveLength(0);
    expect(await unreadCount(admin)).toBe(0);
    expect(await unreadCount(reporter)).toBe(1);
  });

  it("marks one of mine read (idempotently); another user's id is NOT_FOUND; bad input is VALIDATION", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    await notifyAs(lead, [reporter.id, colleague.id], assignedEvent(storyId, followUpId));
    const mine = (await rowsOf(reporter.id))[0]!;
    const theirs = (await rowsOf(colleague.id))[0]!;

    expect(await codeOf(markRead(reporter, { notificationId: theirs.id }))).toBe("NOT_FOUND");
    expect(await codeOf(markRead(reporter, { notificationId: "00000000-0000-4000-8000-000000000000" }))).toBe("NOT_FOUND");
    expect(await codeOf(markRead(reporter, { notificationId: "not-an-id" }))).toBe("VALIDATION");
    expect((await db().notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();

    expect(await markRead(reporter, { notificationId: mine.id })).toEqual({ updated: 1 });
    const readAt = (await db().notification.findUniqueOrThrow({ where: { id: mine.id } })).readAt;
    expect(readAt).toBeInstanceOf(Date);
    await markRead(reporter, { notificationId: mine.id });
    expect((await db().notification.findUniqueOrThrow({ where: { id: mine.id } })).readAt).toEqual(readAt);
    expect(await unreadCount(reporter)).toBe(0);
    expect(await unreadCount(colleague)).toBe(1);
  });

  it("marks all of mine read, and only mine", async () => {
    for (const n of [1, 2, 3]) {
      const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
      await notifyAs(lead, [reporter.id, colleague.id], assignedEvent(storyId, followUpId, `Task ${n}`));
    }
    expect(await markRead(reporter, {})).toEqual({ updated: 3 });
    expect(await unreadCount(reporter)).toBe(0);
    expect(await unreadCount(colleague)).toBe(3);
    expect(await markRead(reporter, {})).toEqual({ updated: 0 });
  });

  it("markReadAction and markAllReadAction: signed out, someone else's, mine, all", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    await notifyAs(lead, [reporter.id, colleague.id], assignedEvent(storyId, followUpId));
    const mine = (await rowsOf(reporter.id))[0]!;
    actAs(null);
    expect(await markReadAction({ notificationId: mine.id })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    actAs(colleague);
    expect(await markReadAction({ notificationId: mine.id })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await markReadAction({ notificationId: "nope" })).toMatchObject({ ok: false, code: "VALIDATION" });
    actAs(reporter);
    expect(await markReadAction({ notificationId: mine.id })).toEqual({ ok: true, data: { updated: 1 } });
    actAs(colleague);
    expect(await markAllReadAction({})).toEqual({ ok: true, data: { updated: 1 } });
    expect(await unreadCount(colleague)).toBe(0);
  });
});

describe("the due sweep", () => {
  const minutes = (n: number) => new Date(Date.now() + n * 60_000);

  it("notifies the assignee once when a follow-up is due soon and once when it is overdue", async () => {
    const soon = await makeFollowUp(lead, storyId, { assigneeId: reporter.id, title: "Soon task", dueAt: minutes(60) });
    const late = await makeFollowUp(lead, storyId, { assigneeId: reporter.id, title: "Late task", dueAt: minutes(-60) });
    await makeFollowUp(lead, storyId, { assigneeId: reporter.id, title: "Later task", dueAt: minutes(300) });
    await makeFollowUp(lead, storyId, { assigneeId: reporter.id, title: "No due time" });

    expect(await sweepDueFollowUps()).toEqual({ dueSoon: 1, overdue: 1 });
    expect(await sweepDueFollowUps()).toEqual({ dueSoon: 0, overdue: 0 });

    const rows = await rowsOf(reporter.id);
    expect(rows.map((row) => [row.kind, row.entityId, row.title, row.actorId, row.emailStatus]).sort()).toEqual(
      [
        ["due_soon", soon, "“Soon task” is due soon", null, "none"],
        ["overdue", late, "“Late task” is overdue", null, "none"],
      ].sort(),
    );
    const soonDue = (await db().followUp.findUniqueOrThrow({ where: { id: soon } })).dueAt!;
    expect(rows.find((row) => row.kind === "due_soon")!.dedupeKey).toBe(`due_soon:${soon}:${soonDue.getTime()}:${reporter.id}`);
    // The lead who assigned them is not notified by the clock.
    expect(await rowsOf(lead.id)).toHaveLength(0);

    // Time passes: the due-soon one becomes overdue (one more), the overdue one stays one.
    expect(await sweepDueFollowUps({ now: minutes(90) })).toEqual({ dueSoon: 0, overdue: 1 });
    expect(await sweepDueFollowUps({ now: minutes(90) })).toEqual({ dueSoon: 0, overdue: 0 });
    // A wider window catches the later one.
    expect(await sweepDueFollowUps({ soonMinutes: 6 * 60 })).toEqual({ dueSoon: 1, overdue: 0 });
  });

  it("re-arms when the due time changes", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id, dueAt: minutes(-30) });
    expect(await sweepDueFollowUps()).toEqual({ dueSoon: 0, overdue: 1 });
    await changeFollowUp(lead, storyId, followUpId, { dueAt: minutes(30) });
    expect(await sweepDueFollowUps()).toEqual({ dueSoon: 1, overdue: 0 });
    expect(await sweepDueFollowUps()).toEqual({ dueSoon: 0, overdue: 0 });
    await changeFollowUp(lead, storyId, followUpId, { dueAt: minutes(-5) });
    expect(await sweepDueFollowUps()).toEqual({ dueSoon: 0, overdue: 1 });
    expect((await rowsOf(reporter.id)).map((row) => row.kind)).toEqual(["overdue", "due_soon", "overdue"]);
  });

  it("skips done, cancelled, declined and deleted follow-ups, deleted stories, disabled assignees and former members", async () => {
    const done = await makeFollowUp(lead, storyId, { assigneeId: reporter.id, dueAt: minutes(-10), status: "done" });
    await makeFollowUp(lead, storyId, { assigneeId: reporter.id, dueAt: minutes(-10), status: "cancelled" });
    await makeFollowUp(lead, storyId, { assigneeId: reporter.id, dueAt: minutes(10), response: "declined" });
    const deleted = await makeFollowUp(lead, storyId, { assigneeId: reporter.id, dueAt: minutes(10) });
    await changeFollowUp(lead, storyId, deleted, { deleted: true });
    await makeFollowUp(lead, storyId, { assigneeId: colleague.id, dueAt: minutes(-10) });
    await setUserDisabled(admin, { userId: colleague.id, disabled: true });
    const former = await makeUser();
    await addToStory(lead, storyId, former, "contributor");
    await makeFollowUp(lead, storyId, { assigneeId: former.id, dueAt: minutes(-10) });
    await removeMember(lead, { storyId, memberId: await membershipOf(storyId, former) });
    const gone = (await makeStory(lead, { title: "Gone story" })).id;
    await addToStory(lead, gone, reporter, "contributor");
    await makeFollowUp(lead, gone, { assigneeId: reporter.id, dueAt: minutes(-10) });
    await deleteStory(lead, gone);

    expect(await sweepDueFollowUps()).toEqual({ dueSoon: 0, overdue: 0 });
    // In progress and accepted still count.
    await changeFollowUp(lead, storyId, done, { status: "in_progress", response: "accepted" });
    expect(await sweepDueFollowUps()).toEqual({ dueSoon: 0, overdue: 1 });
  });

  it("sweeps only one assignee's follow-ups when asked (their inbox is opening)", async () => {
    await makeFollowUp(lead, storyId, { assigneeId: reporter.id, dueAt: minutes(-10) });
    await makeFollowUp(lead, storyId, { assigneeId: lead.id, dueAt: minutes(-10) });
    expect(await sweepDueFollowUps({ userId: reporter.id })).toEqual({ dueSoon: 0, overdue: 1 });
    expect(await rowsOf(lead.id)).toHaveLength(0);
    expect((await listNotifications(reporter, {})).items.map((item) => item.kind)).toEqual(["overdue"]);
    expect(await sweepDueFollowUps()).toEqual({ dueSoon: 0, overdue: 1 });
  });
});

describe("the e-mail outbox", () => {
  type Received = { to: string[]; raw: string };
  const CANARY_SOURCE = "CANARY-SOURCE-NAME-5512";
  const CANARY_TITLE = "CANARY-FOLLOWUP-TITLE-8830";
  const CANARY_DETAILS = "CANARY-DETAILS-2291";
  const APP = "https://desk.example";
  const received: Received[] = [];
  const rejected = new Set<string>();
  let server: SMTPServer;
  const saved = { SMTP_URL: process.env.SMTP_URL, APP_URL: process.env.APP_URL, SMTP_FROM: process.env.SMTP_FROM };

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (rejected.has(address.address)) callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
        else callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          received.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.server.address() as AddressInfo;
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    process.env.APP_URL = `${APP}/`;
    delete process.env.SMTP_FROM;
  });

  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
    rejected.clear();
  });

  async function confidentialFollowUp(dueAt: Date | null = new Date("2026-12-01T17:00:00Z")) {
    const source = await createSource(reporter, { storyId, name: CANARY_SOURCE, kind: "person", protection: "confidential", contact: "signal:+1-555-0100" });
    const followUpId = await writeWithRevision({ actorId: lead.id, storyId }, async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO follow_ups (story_id, title, details, assignee_id, assigned_by_id, due_at, link_kind, link_id, updated_at)
        VALUES (${storyId}::uuid, ${`Ask ${CANARY_SOURCE} about ${CANARY_TITLE}`}, ${CANARY_DETAILS}, ${reporter.id}::uuid, ${lead.id}::uuid,
                ${dueAt}::timestamptz, 'source', ${source.id}::uuid, now())
        RETURNING id`;
      await notify(tx, [reporter.id], { actorId: lead.id, ...assignedEvent(storyId, row!.id, `Ask ${CANARY_SOURCE} about ${CANARY_TITLE}`) });
      return row!.id;
    });
    return { followUpId, sourceId: source.id };
  }

  it("e-mails the recipient once: the event, the story and a link back — no entry content, no source", async () => {
    const { followUpId } = await confidentialFollowUp();
    const row = (await rowsOf(reporter.id))[0]!;
    expect(row.emailStatus).toBe("pending");
    expect(row.title).toContain(CANARY_TITLE); // the inbox line may name it; the e-mail may not

    expect(await deliverPendingEmails()).toMatchObject({ claimed: 1, sent: 1, skipped: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual([reporter.email]);

    const mail = await simpleParser(received[0]!.raw);
    const link = `${APP}/stories/${storyId}?tab=follow-ups&focus=${followUpId}`;
    expect(mail.subject).toBe("[Storydesk] Harbour contracts: you were assigned a follow-up");
    expect(mail.from?.value).toEqual([{ name: "Storydesk", address: "storydesk@localhost" }]);
    expect(mail.text).toContain("Maya Cohen assigned you a follow-up on the story “Harbour contracts”.");
    expect(mail.text).toContain("Due Tue 1 Dec 2026, 17:00 UTC");
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link.replaceAll("&", "&amp;")}"`);
    expect(mail.html).toContain("Harbour contracts");

    const everything = [received[0]!.raw, mail.subject, mail.text, mail.html, JSON.stringify([...mail.headers])].join("\n");
    for (const canary of [CANARY_SOURCE, CANARY_TITLE, CANARY_DETAILS, "signal:+1-555-0100", row.title]) expect(everything).not.toContain(canary);

    const after = await db().notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ emailStatus: "sent", emailAttempts: 1 });
    expect(await deliverPendingEmails()).toMatchObject({ claimed: 0, sent: 0 });
    expect(received).toHaveLength(1);
  });

  it("never sends twice, even with two deliveries at once", async () => {
    for (const n of [1, 2, 3]) {
      const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
      await notifyAs(lead, [reporter.id, colleague.id], assignedEvent(storyId, followUpId, `Task ${n}`));
    }
    const [a, b] = await Promise.all([deliverPendingEmails({ limit: 4 }), deliverPendingEmails({ limit: 4 })]);
    expect(a.sent + b.sent).toBe(6);
    expect(received).toHaveLength(6);
    expect(received.filter((mail) => mail.to[0] === reporter.email)).toHaveLength(3);
    expect(await deliverPendingEmails()).toMatchObject({ claimed: 0 });
  });

  it("does not e-mail a disabled account, a former member or about a deleted story (the row becomes none)", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    await notifyAs(lead, [reporter.id, colleague.id, admin.id], assignedEvent(storyId, followUpId));
    await setUserDisabled(admin, { userId: colleague.id, disabled: true });
    await removeMember(lead, { storyId, memberId: await membershipOf(storyId, reporter) });

    expect(await deliverPendingEmails()).toMatchObject({ claimed: 3, sent: 1, skipped: 2 });
    expect(received.map((mail) => mail.to)).toEqual([[admin.email]]);
    expect((await rowsOf(colleague.id))[0]!.emailStatus).toBe("none");
    expect((await rowsOf(reporter.id))[0]!.emailStatus).toBe("none");

    const other = (await makeStory(lead, { title: "Doomed story" })).id;
    await notifyAs(lead, [admin.id], { storyId: other, kind: "status", entityType: "story", entityId: other, title: "x", eventKey: "doomed:1" });
    await deleteStory(lead, other);
    expect(await deliverPendingEmails()).toMatchObject({ claimed: 1, sent: 0, skipped: 1 });
    expect(received).toHaveLength(1);
  });

  it("keeps a refused e-mail pending for another try after the lease, and gives up after five attempts", async () => {
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id });
    await notifyAs(lead, [reporter.id], assignedEvent(storyId, followUpId));
    const id = (await rowsOf(reporter.id))[0]!.id;
    rejected.add(reporter.email);

    expect(await deliverPendingEmails()).toMatchObject({ claimed: 1, sent: 0, retrying: 1 });
    expect(await db().notification.findUniqueOrThrow({ where: { id } })).toMatchObject({ emailStatus: "pending", emailAttempts: 1 });
    // Within the lease: not claimed again.
    expect(await deliverPendingEmails()).toMatchObject({ claimed: 0 });

    const expireLease = () => db().$executeRaw`UPDATE notifications SET email_claimed_at = now() - interval '6 minutes' WHERE id = ${id}::uuid`;
    for (let attempt = 2; attempt <= 4; attempt += 1) {
      await expireLease();
      expect(await deliverPendingEmails()).toMatchObject({ claimed: 1, retrying: 1 });
    }
    await expireLease();
    expect(await deliverPendingEmails()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await db().notification.findUniqueOrThrow({ where: { id } })).toMatchObject({ emailStatus: "failed", emailAttempts: 5 });
    await expireLease();
    expect(await deliverPendingEmails()).toMatchObject({ claimed: 0 });

    // Another try later succeeds for a new notification once the server accepts again.
    rejected.clear();
    await notifyAs(colleague, [reporter.id], { storyId, kind: "mentioned", entityType: "story", entityId: storyId, title: "x", eventKey: "m:1" });
    expect(await deliverPendingEmails()).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
  });

  it("sends nothing without SMTP_URL, and rows made then are not pending", async () => {
    const url = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    try {
      const followUpId = await makeFollowUp(lead, storyId, { assigneeId: reporter.id, dueAt: new Date(Date.now() - 60_000) });
      await notifyAs(lead, [reporter.id], assignedEvent(storyId, followUpId));
      await sweepDueFollowUps();
      expect((await rowsOf(reporter.id)).map((row) => row.emailStatus)).toEqual(["none", "none"]);
      expect(await deliverPendingEmails()).toMatchObject({ claimed: 0 });
    } finally {
      process.env.SMTP_URL = url;
    }
    // Made while SMTP is configured: the sweep's rows are pending too, and carry the due time.
    const followUpId = await makeFollowUp(lead, storyId, { assigneeId: colleague.id, title: CANARY_TITLE, dueAt: new Date(Date.now() + 30 * 60_000) });
    await sweepDueFollowUps();
    expect(await deliverPendingEmails()).toMatchObject({ sent: 1 });
    const mail = await simpleParser(received[0]!.raw);
    const due = (await db().followUp.findUniqueOrThrow({ where: { id: followUpId } })).dueAt!;
    expect(mail.subject).toBe("[Storydesk] Harbour contracts: a follow-up of yours is due soon");
    expect(mail.text).toContain(`A follow-up of yours is due soon on the story “Harbour contracts”.\n${formatDue(due)}`);
    expect(received[0]!.raw).not.toContain(CANARY_TITLE);
  });
});
