import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteEntry, restoreEntry } from "@/lib/server/entries";
import { myFollowUpBadge } from "@/lib/server/follow-ups/badge";
import { myFollowUps } from "@/lib/server/follow-ups/mine";
import { listFollowUps, localDayBounds } from "@/lib/server/follow-ups/read";
import { createFollowUp, respondToFollowUp, setFollowUpStatus, updateFollowUp } from "@/lib/server/follow-ups/write";
import { asOfItems, workspaceAsOf } from "@/lib/server/history/as-of";
import { createQuestion } from "@/lib/server/questions";
import { createSource } from "@/lib/server/sources/write";
import { setUserDisabled } from "@/lib/server/users";
import { followUpFiltersSchema, myFollowUpFiltersSchema } from "@/lib/validations/follow-ups";
import { makeDesk, makeStory, type TestUser } from "@/prisma/factories";
import { codeOf } from "../support/errors";

let editor: TestUser; // user role editor, story lead
let deskEditor: TestUser; // user role editor, contributor on the story
let reporter: TestUser; // contributor
let colleague: TestUser; // contributor
let reader: TestUser;
let outsider: TestUser;
let admin: TestUser;
let storyId: string;

beforeEach(async () => {
  ({ editor, deskEditor, reporter, colleague, reader, outsider, admin, storyId } = await makeDesk({
    editor: { role: "editor", name: "Maya Editor", on: "lead" },
    deskEditor: { role: "editor", name: "Desk Editor", on: "contributor" },
    reporter: { name: "Lina Reporter", on: "contributor" },
    colleague: { name: "Tom Colleague", on: "contributor" },
    reader: { name: "Rita Reader", on: "reader" },
    outsider: { name: "Otto Outsider" },
    admin: { role: "admin" },
  }));
});

const notificationsOf = (userId: string) => db().notification.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
const revisionsOf = (entityId: string) => db().revision.findMany({ where: { entityId }, orderBy: { seq: "asc" } });
const base = () => ({ storyId, title: "Call Microsoft's press office", assigneeId: reporter.id });

describe("assigning follow-ups", () => {
  it("assigns only to a member of the story who can write, with an active account", async () => {
    expect(await codeOf(createFollowUp(editor, { ...base(), assigneeId: reader.id }))).toBe("VALIDATION");
    expect(await codeOf(createFollowUp(editor, { ...base(), assigneeId: outsider.id }))).toBe("VALIDATION");
    await setUserDisabled(admin, { userId: colleague.id, disabled: true });
    expect(await codeOf(createFollowUp(editor, { ...base(), assigneeId: colleague.id }))).toBe("VALIDATION");
    expect(await db().followUp.count({ where: { storyId } })).toBe(0);
    const followUp = await createFollowUp(editor, base());
    expect(followUp).toMatchObject({ assigneeId: reporter.id, assignedById: editor.id, status: "todo", response: "pending", assigneeName: "Lina Reporter" });
  });

  it("lets editors and leads assign anyone, contributors only themselves, readers and outsiders nobody", async () => {
    expect(await codeOf(createFollowUp(reporter, { ...base(), assigneeId: colleague.id }))).toBe("FORBIDDEN");
    expect(await codeOf(createFollowUp(reader, { ...base(), assigneeId: reader.id }))).toBe("FORBIDDEN");
    expect(await codeOf(createFollowUp(reader, base()))).toBe("FORBIDDEN");
    expect(await codeOf(createFollowUp(outsider, base()))).toBe("NOT_FOUND");
    expect(await db().followUp.count({ where: { storyId } })).toBe(0);

    const own = await createFollowUp(reporter, { ...base(), assigneeId: reporter.id });
    expect(own.response).toBe("accepted"); // taking work on yourself needs no answer
    await createFollowUp(deskEditor, { ...base(), assigneeId: colleague.id });
    await createFollowUp(editor, { ...base(), assigneeId: deskEditor.id });
    expect(await db().followUp.count({ where: { storyId } })).toBe(3);
  });

  it("links only entries of the same story and names a confidential source by its alias", async () => {
    const other = (await makeStory(editor)).id;
    const elsewhere = await createQuestion(editor, { storyId: other, text: "Somewhere else?" });
    expect(await codeOf(createFollowUp(editor, { ...base(), link: `question:${elsewhere.id}` }))).toBe("VALIDATION");
    expect(await codeOf(createFollowUp(editor, { ...base(), link: "nonsense" }))).toBe("VALIDATION");

    const secret = await createSource(colleague, { storyId, name: "Canary Insider 91c", kind: "person", protection: "confidential" });
    const followUp = await createFollowUp(editor, { ...base(), link: `source:${secret.id}` });
    const asReporter = await listFollowUps(reporter, storyId, followUpFiltersSchema.parse({}));
    expect(JSON.stringify(asReporter)).not.toContain("Canary Insider 91c");
    expect(asReporter.items[0]!.link).toMatchObject({ kind: "source", id: secret.id, label: secret.alias });
    const asLogger = await listFollowUps(colleague, storyId, followUpFiltersSchema.parse({ focus: followUp.id }));
    expect(asLogger.items[0]!.link!.label).toBe("Canary Insider 91c");
  });
});

describe("the lifecycle is in the ledger", () => {
  it("records accept, decline, reassignment and status changes as revisions", async () => {
    let followUp = await createFollowUp(editor, base());
    expect(await codeOf(respondToFollowUp(colleague, { storyId, followUpId: followUp.id, version: followUp.version, response: "accepted" }))).toBe("FORBIDDEN");
    expect(await codeOf(respondToFollowUp(reporter, { storyId, followUpId: followUp.id, version: followUp.version, response: "declined", note: "" }))).toBe("VALIDATION");
    followUp = await respondToFollowUp(reporter, { storyId, followUpId: followUp.id, version: followUp.version, response: "declined", note: "Off tomorrow; Tom knows them" });
    expect(followUp).toMatchObject({ response: "declined", responseNote: "Off tomorrow; Tom knows them" });

    followUp = await updateFollowUp(editor, { ...base(), assigneeId: colleague.id, followUpId: followUp.id, version: followUp.version, reason: "Lina is off" });
    expect(followUp).toMatchObject({ assigneeId: colleague.id, response: "pending", responseNote: "" });
    followUp = await respondToFollowUp(colleague, { storyId, followUpId: followUp.id, version: followUp.version, response: "accepted" });
    followUp = await setFollowUpStatus(colleague, { storyId, followUpId: followUp.id, version: followUp.version, status: "in_progress" });
    followUp = await setFollowUpStatus(colleague, { storyId, followUpId: followUp.id, version: followUp.version, status: "done", completionNote: "They confirmed by e-mail" });
    expect(followUp).toMatchObject({ status: "done", completionNote: "They confirmed by e-mail", open: false });

    const revisions = await revisionsOf(followUp.id);
    expect(revisions.map((r) => [r.action, r.actorId, r.changedFields.join(",")])).toEqual([
      ["create", editor.id, expect.stringContaining("assignee_id")],
      ["update", reporter.id, "response,response_note"],
      ["update", editor.id, "assignee_id,response,response_note"],
      ["update", colleague.id, "response"],
      ["update", colleague.id, "status"],
      ["update", colleague.id, "completion_note,status"],
    ]);
    expect(revisions[1]!.reason).toBe("Off tomorrow; Tom knows them");
    expect(revisions[2]!.reason).toBe("Lina is off");
    expect((revisions[2]!.snapshot as { assignee_id: string }).assignee_id).toBe(colleague.id);
  });

  it("refuses a stale change with the latest, and lets only the parties, editors and leads change it", async () => {
    const followUp = await createFollowUp(editor, base());
    await setFollowUpStatus(reporter, { storyId, followUpId: followUp.id, version: followUp.version, status: "in_progress" });
    expect(await codeOf(setFollowUpStatus(editor, { storyId, followUpId: followUp.id, version: followUp.version, status: "cancelled" }))).toBe("CONFLICT");
    expect(await codeOf(setFollowUpStatus(colleague, { storyId, followUpId: followUp.id, version: followUp.version + 1, status: "done" }))).toBe("FORBIDDEN");
    expect(await codeOf(setFollowUpStatus(reader, { storyId, followUpId: followUp.id, version: followUp.version + 1, status: "done" }))).toBe("FORBIDDEN");
    expect(await codeOf(updateFollowUp(reporter, { ...base(), assigneeId: colleague.id, followUpId: followUp.id, version: followUp.version + 1 }))).toBe("FORBIDDEN");
    expect(await codeOf(deleteEntry(colleague, { storyId, kind: "follow_up", entryId: followUp.id, version: followUp.version + 1 }))).toBe("FORBIDDEN");
    expect(await db().followUp.findUniqueOrThrow({ where: { id: followUp.id } })).toMatchObject({ status: "in_progress", deletedAt: null });
  });

  it("deletes and restores like every entry, and shows as it stood in the as-of view", async () => {
    const followUp = await createFollowUp(editor, base());
    const before = await db().revisionChain.findUniqueOrThrow({ where: { chain: storyId } });
    const moved = await updateFollowUp(editor, { ...base(), assigneeId: colleague.id, followUpId: followUp.id, version: followUp.version });
    const deleted = await deleteEntry(editor, { storyId, kind: "follow_up", entryId: followUp.id, version: moved.version });
    expect((await listFollowUps(editor, storyId, followUpFiltersSchema.parse({}))).total).toBe(0);
    const then = await workspaceAsOf(editor, storyId, { rev: Number(before.seq) }, "follow-ups", { page: 1 }, "UTC");
    expect(asOfItems(then, "follow_up").map((f) => f.assigneeName)).toEqual(["Lina Reporter"]);
    expect(then.counts.follow_up.open).toBe(1);
    await restoreEntry(editor, { storyId, kind: "follow_up", entryId: followUp.id, version: deleted.version });
    expect((await listFollowUps(editor, storyId, followUpFiltersSchema.parse({}))).items.map((f) => f.assigneeName)).toEqual(["Tom Colleague"]);
  });
});

describe("notifications from follow-ups", () => {
  it("notifies once per event: assigned, answered, reassigned, status changed by someone else", async () => {
    let followUp = await createFollowUp(editor, base());
    expect((await notificationsOf(reporter.id)).map((n) => n.kind)).toEqual(["assigned"]);
    followUp = await respondToFollowUp(reporter, { storyId, followUpId: followUp.id, version: followUp.version, response: "accepted" });
    // The same request again is stale: refused, and no second notification.
    expect(await codeOf(respondToFollowUp(reporter, { storyId, followUpId: followUp.id, version: followUp.version - 1, response: "accepted" }))).toBe("CONFLICT");
    followUp = await setFollowUpStatus(reporter, { storyId, followUpId: followUp.id, version: followUp.version, status: "done", completionNote: "Done" });
    expect((await notificationsOf(editor.id)).map((n) => n.kind)).toEqual(["responded", "status"]);
    // The assigner's own change notifies nobody of their own action.
    followUp = await setFollowUpStatus(editor, { storyId, followUpId: followUp.id, version: followUp.version, status: "todo" });
    expect(await notificationsOf(editor.id)).toHaveLength(2);
    await updateFollowUp(editor, { ...base(), assigneeId: colleague.id, followUpId: followUp.id, version: followUp.version });
    expect((await notificationsOf(colleague.id)).map((n) => [n.kind, n.title])).toEqual([["reassigned", "Maya Editor reassigned “Call Microsoft's press office” to you"]]);
    expect((await notificationsOf(reporter.id)).map((n) => n.kind)).toEqual(["assigned", "reassigned"]);
    // Self-assigned work notifies nobody.
    await createFollowUp(colleague, { ...base(), assigneeId: colleague.id });
    expect(await notificationsOf(colleague.id)).toHaveLength(1);
  });

  it("does not notify a disabled assigner", async () => {
    const followUp = await createFollowUp(deskEditor, base());
    await setUserDisabled(admin, { userId: deskEditor.id, disabled: true });
    await setFollowUpStatus(reporter, { storyId, followUpId: followUp.id, version: followUp.version, status: "done" });
    expect(await notificationsOf(deskEditor.id)).toHaveLength(0);
  });
});

describe("my follow-ups and overdue, in the user's time zone", () => {
  it("computes local days across a DST change", () => {
    // Europe/Berlin springs forward on 29 March 2026: that day has 23 hours.
    const [start, end] = localDayBounds(new Date("2026-03-29T10:00:00Z"), "Europe/Berlin", 1) as [Date, Date];
    expect(start.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(end.toISOString()).toBe("2026-03-29T22:00:00.000Z");
    // New York falls back on 1 November 2026: that day has 25 hours.
    const [nyStart, nyEnd] = localDayBounds(new Date("2026-11-01T15:00:00Z"), "America/New_York", 1) as [Date, Date];
    expect(nyStart.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(nyEnd.toISOString()).toBe("2026-11-02T05:00:00.000Z");
  });

  it("sorts my follow-ups into overdue, today, upcoming, undated and done on the server's clock", async () => {
    const now = new Date("2026-03-29T10:00:00Z"); // 12:00 in Berlin, the DST day
    const make = async (title: string, dueAt: string) => createFollowUp(editor, { ...base(), title, dueAt });
    await make("Overdue by a minute", "2026-03-29T09:59:00Z");
    await make("Late tonight in Berlin", "2026-03-29T21:30:00Z"); // 23:30 CEST: still today in Berlin
    await make("Just after midnight in Berlin", "2026-03-29T22:30:00Z"); // 00:30 on the 30th in Berlin; the 29th in UTC
    await make("No date", "");
    const finished = await make("Finished", "2026-03-28T09:00:00Z");
    await setFollowUpStatus(reporter, { storyId, followUpId: finished.id, version: finished.version, status: "done" });

    const titles = (list: { title: string }[]) => list.map((f) => f.title);
    const berlin = await myFollowUps(reporter, myFollowUpFiltersSchema.parse({}), "Europe/Berlin", now);
    expect(titles(berlin.overdue)).toEqual(["Overdue by a minute"]);
    expect(titles(berlin.today)).toEqual(["Late tonight in Berlin"]);
    expect(titles(berlin.upcoming)).toEqual(["Just after midnight in Berlin"]);
    expect(titles(berlin.noDue)).toEqual(["No date"]);
    expect(titles(berlin.done)).toEqual(["Finished"]);
    // The same instant in UTC: half past ten at night is still the 29th.
    const utc = await myFollowUps(reporter, myFollowUpFiltersSchema.parse({}), "UTC", now);
    expect(titles(utc.today)).toEqual(["Late tonight in Berlin", "Just after midnight in Berlin"]);
    expect(titles(utc.upcoming)).toEqual([]);
    // Nobody else's list, and not a story I have left.
    expect((await myFollowUps(colleague, myFollowUpFiltersSchema.parse({}), "UTC", now)).overdue).toEqual([]);
  });

  it("counts my open follow-ups for the navigation, overdue by the database clock", async () => {
    await createFollowUp(editor, { ...base(), title: "Long overdue", dueAt: "2020-01-01T10:00:00Z" });
    await createFollowUp(editor, { ...base(), title: "Far ahead", dueAt: "2099-01-01T10:00:00Z" });
    const declined = await createFollowUp(editor, { ...base(), title: "Not mine" });
    await respondToFollowUp(reporter, { storyId, followUpId: declined.id, version: declined.version, response: "declined", note: "Wrong person" });
    expect(await myFollowUpBadge(reporter)).toEqual({ open: 2, overdue: 1 });
    expect(await myFollowUpBadge(colleague)).toEqual({ open: 0, overdue: 0 });
  });
});
