import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor } from "@/lib/server/access";
import { commentForFollowUp, createComment, deleteComment, listThread, resolveThread, threadCounts, updateComment } from "@/lib/server/comments";
import { verifyChain } from "@/lib/server/ledger";
import { listNotifications } from "@/lib/server/notifications/inbox";
import { mentionableMembers } from "@/lib/server/notifications/mentions";
import { createQuestion, updateQuestion } from "@/lib/server/questions";
import { createQuote, updateQuote } from "@/lib/server/quotes";
import { createSource, updateSource } from "@/lib/server/sources/write";
import { updateMemo } from "@/lib/server/stories";
import { setUserDisabled } from "@/lib/server/users";
import { addToStory, makeDesk, makeStory, makeUser, type TestUser } from "@/prisma/factories";
import { GET as getThreadRoute } from "@/app/api/stories/[storyId]/comments/route";
import { createCommentAction, resolveThreadAction } from "@/lib/actions/comments";
import { codeOf } from "../support/errors";
import { actAs } from "../support/session";

const CANARY_NAME = "Canary Whistleblower 7f3a";

let lead: TestUser;
let reporter: TestUser;
let colleague: TestUser;
let reader: TestUser;
let outsider: TestUser;
let storyId: string;
let questionId: string;

/** An e-mail `<handle>@storydesk.example`, the handle unique per test. */
const emailOf = (prefix: string) => `${prefix}-${randomUUID().slice(0, 6)}@storydesk.example`;
const person = (prefix: string, name: string, role: "reporter" | "editor" | "admin" = "reporter") => makeUser({ email: emailOf(prefix), name, role });
const handle = (user: TestUser) => user.email.split("@")[0]!;
const doc = (text: string): RichTextDoc => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const on = (entityId: string, entityType: "question" | "source" | "quote" | "timeline_event" = "question") => ({ storyId, entityType, entityId });
/** A member's notifications, each title as they read it (an entry is named when read, through the protection lens). */
async function inbox(user: TestUser) {
  const rows = await db().notification.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
  const read = new Map((await listNotifications(user)).items.map((item) => [item.id, item.title]));
  return rows.map((row) => ({ ...row, title: read.get(row.id) ?? row.title }));
}

beforeEach(async () => {
  ({ lead, reporter, colleague, reader, outsider, storyId } = await makeDesk(
    {
      lead: { email: emailOf("lead"), name: "Lea Lead", role: "editor", on: "lead" },
      reporter: { email: emailOf("maya"), name: "Maya Cohen", on: "contributor" },
      colleague: { email: emailOf("lina"), name: "Lina Haddad", on: "contributor" },
      reader: { email: emailOf("noa"), name: "Noa Reader", on: "reader" },
      outsider: { email: emailOf("omar"), name: "Omar Outsider", role: "editor" },
    },
    { title: "Cloud contract" },
  ));
  questionId = (await createQuestion(lead, { storyId, text: "Who signed the contract?" })).id;
});

describe("comment threads", () => {
  it("create, list, edit and delete — each a revision on the story's chain, nothing hard-deleted", async () => {
    const first = await createComment(reporter, { ...on(questionId), body: "The procurement file names two signatories." });
    const second = await createComment(colleague, { ...on(questionId), body: "I can ask the ministry." });

    const seen = await listThread(reader, on(questionId));
    expect(seen.comments.map((c) => [c.authorName, c.body, c.canEdit, c.canDelete])).toEqual([
      ["Maya Cohen", "The procurement file names two signatories.", false, false],
      ["Lina Haddad", "I can ask the ministry.", false, false],
    ]);
    expect(seen).toMatchObject({ total: 2, open: 2, resolved: false, resolvedBy: null, canWrite: false });
    expect((await listThread(reporter, on(questionId))).comments.map((c) => c.canEdit)).toEqual([true, false]);

    const edited = await updateComment(reporter, { storyId, commentId: first.id, version: 1, body: "The file names three signatories." });
    expect(edited).toMatchObject({ version: 2, edited: true, body: "The file names three signatories." });
    const stale = (await updateComment(reporter, { storyId, commentId: first.id, version: 1, body: "Two." }).catch((e: unknown) => e)) as AppError;
    expect(stale.code).toBe("CONFLICT");
    expect(stale.latest).toMatchObject({ version: 2, body: "The file names three signatories." });

    expect(await codeOf(updateComment(colleague, { storyId, commentId: first.id, version: 2, body: "Mine now" }))).toBe("FORBIDDEN");
    expect(await codeOf(deleteComment(colleague, { storyId, commentId: first.id, version: 2 }))).toBe("FORBIDDEN");
    expect(await codeOf(deleteComment(reader, { storyId, commentId: second.id, version: 1 }))).toBe("FORBIDDEN");

    await deleteComment(reporter, { storyId, commentId: first.id, version: 2 });
    await deleteComment(lead, { storyId, commentId: second.id, version: 1 }); // a lead may delete anyone's
    const after = await listThread(reader, on(questionId));
    expect(after.comments.map((c) => [c.id, c.deleted, c.body])).toEqual([
      [first.id, true, null],
      [second.id, true, null],
    ]);
    expect(after).toMatchObject({ total: 0, open: 0, resolved: false });
    expect(await codeOf(updateComment(reporter, { storyId, commentId: first.id, version: 3, body: "Back" }))).toBe("CONFLICT");

    const revisions = await db().revision.findMany({ where: { chain: storyId, entityType: "comment" }, orderBy: { seq: "asc" } });
    expect(revisions.map((r) => [r.entityId, r.action, r.actorId])).toEqual([
      [first.id, "create", reporter.id],
      [second.id, "create", colleague.id],
      [first.id, "update", reporter.id],
      [first.id, "delete", reporter.id],
      [second.id, "delete", lead.id],
    ]);
    expect(revisions[2]!.changedFields).toEqual(expect.arrayContaining(["body"]));
    expect(await db().comment.count({ where: { storyId } })).toBe(2);
    expect((await verifyChain(storyId)).ok).toBe(true);
  });

  it("lets readers read but not comment, and shows non-members and other stories' entries nothing", async () => {
    await createComment(reporter, { ...on(questionId), body: "Checking the registry." });
    expect(await codeOf(createComment(reader, { ...on(questionId), body: "Me too" }))).toBe("FORBIDDEN");
    expect(await codeOf(resolveThread(reader, { ...on(questionId), resolved: true }))).toBe("FORBIDDEN");
    expect(await codeOf(listThread(outsider, on(questionId)))).toBe("NOT_FOUND");
    expect(await codeOf(createComment(outsider, { ...on(questionId), body: "Hello" }))).toBe("NOT_FOUND");
    expect(await codeOf(mentionableMembers(outsider, storyId))).toBe("NOT_FOUND");

    // Counts are asked with the asker's access: another story's access sees nothing of this one.
    const elsewhere = await makeStory(outsider);
    const theirs = await threadCounts(await storyAccessFor(outsider, elsewhere.id, "reader"), "question", [questionId]);
    expect(theirs.get(questionId)).toEqual({ open: 0, total: 0 });

    // An entry of another story, or of another kind, has no thread here.
    const foreign = await createQuestion(outsider, { storyId: elsewhere.id, text: "Elsewhere?" });
    await createComment(outsider, { storyId: elsewhere.id, entityType: "question", entityId: foreign.id, body: "Theirs" });
    expect(await codeOf(listThread(lead, on(foreign.id)))).toBe("NOT_FOUND");
    expect(await codeOf(createComment(lead, { ...on(foreign.id), body: "Hi" }))).toBe("NOT_FOUND");
    expect(await codeOf(listThread(lead, on(questionId, "source")))).toBe("NOT_FOUND");
    expect(await codeOf(listThread(lead, { storyId, entityType: "memo" as "source", entityId: questionId }))).toBe("VALIDATION");
    expect(await codeOf(createComment(reporter, { ...on(questionId), body: "   " }))).toBe("VALIDATION");
  });

  it("resolves and reopens a thread; a new comment opens it again; counts in one call", async () => {
    const other = await createQuestion(lead, { storyId, text: "When was it signed?" });
    await createComment(reporter, { ...on(questionId), body: "Signed in March." });
    await createComment(colleague, { ...on(questionId), body: "Confirmed by a second document." });
    const gone = await createComment(colleague, { ...on(questionId), body: "Typo" });
    await deleteComment(colleague, { storyId, commentId: gone.id, version: 1 });

    const resolved = await resolveThread(reporter, { ...on(questionId), resolved: true });
    expect(resolved).toMatchObject({ resolved: true, open: 0, total: 2, resolvedBy: { name: "Maya Cohen" } });
    const access = await storyAccessFor(reader, storyId, "reader");
    let counts = await threadCounts(access, "question", [questionId, other.id]);
    expect(Object.fromEntries(counts)).toEqual({ [questionId]: { open: 0, total: 2 }, [other.id]: { open: 0, total: 0 } });

    await createComment(lead, { ...on(questionId), body: "But which March?" });
    const reopened = await listThread(reader, on(questionId));
    expect(reopened).toMatchObject({ resolved: false, open: 1, total: 3, resolvedBy: null });
    counts = await threadCounts(access, "question", [questionId]);
    expect(counts.get(questionId)).toEqual({ open: 1, total: 3 });

    await resolveThread(colleague, { ...on(questionId), resolved: true });
    expect((await listThread(reader, on(questionId))).resolvedBy?.name).toBe("Lina Haddad");
    const open = await resolveThread(lead, { ...on(questionId), resolved: false });
    expect(open).toMatchObject({ resolved: false, open: 3, total: 3 });
    const live = await db().comment.findMany({ where: { entityId: questionId, deletedAt: null } });
    expect(live.every((c) => c.resolvedAt === null && c.resolvedById === null)).toBe(true);
  });

  it("hands a live comment to the follow-up form, and nothing for a deleted or foreign one", async () => {
    const comment = await createComment(reporter, { ...on(questionId), body: "Someone should call the registry." });
    expect(await commentForFollowUp(reader, storyId, comment.id)).toEqual({
      body: "Someone should call the registry.",
      entityType: "question",
      entityId: questionId,
      authorId: reporter.id,
      authorName: "Maya Cohen",
    });
    expect(await codeOf(commentForFollowUp(outsider, storyId, comment.id))).toBe("NOT_FOUND");
    expect(await codeOf(commentForFollowUp(lead, storyId, "not-a-uuid"))).toBe("NOT_FOUND");
    await deleteComment(reporter, { storyId, commentId: comment.id, version: 1 });
    expect(await codeOf(commentForFollowUp(lead, storyId, comment.id))).toBe("NOT_FOUND");
  });
});

describe("the thread route and the actions", () => {
  const get = (query: string, id = storyId) =>
    getThreadRoute(new Request(`http://localhost/api/stories/${id}/comments?${query}`), { params: Promise.resolve({ storyId: id }) });

  it("sends the thread with the mentionable members, and names bad parameters with a 422", async () => {
    await createComment(reporter, { ...on(questionId), body: `Ask @${handle(colleague)}` });
    actAs(reader);
    const response = await get(`entityType=question&entityId=${questionId}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data.me).toBe(reader.id);
    expect(body.data.thread.comments).toHaveLength(1);
    expect(body.data.thread.comments[0]).toMatchObject({ authorName: "Maya Cohen", body: `Ask @${handle(colleague)}`, deleted: false });
    expect(body.data.members.map((m: { handle: string }) => m.handle)).toContain(handle(colleague));

    const bad = await get("entityType=memo&entityId=nope");
    expect(bad.status).toBe(422);
    const problem = await bad.json();
    expect(problem).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(problem.message).toMatch(/entityType: Not a kind of entry\. entityId: Not a valid id\./);
    expect((await get("")).status).toBe(422);

    actAs(outsider);
    expect((await get(`entityType=question&entityId=${questionId}`)).status).toBe(404);
    actAs(null);
    expect((await get(`entityType=question&entityId=${questionId}`)).status).toBe(401);
  });

  it("authorize on their own", async () => {
    actAs(reader);
    expect(await createCommentAction({ ...on(questionId), body: "Hi" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    actAs(outsider);
    expect(await resolveThreadAction({ ...on(questionId), resolved: true })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    actAs(reporter);
    expect(await createCommentAction({ ...on(questionId), body: "" })).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await createCommentAction({ ...on(questionId), body: "Posted" })).toMatchObject({ ok: true, data: { body: "Posted" } });
    actAs(null);
    expect(await createCommentAction({ ...on(questionId), body: "Hi" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await db().comment.count({ where: { entityId: questionId } })).toBe(1);
  });
});

describe("@mentions", () => {
  it("notifies each mentioned member once; never the author, non-members, disabled accounts or e-mail addresses", async () => {
    const admin = await person("ada", "Ada Admin", "admin");
    const disabled = await person("dora", "Dora Disabled");
    await addToStory(lead, storyId, disabled, "contributor");
    await setUserDisabled(admin, { userId: disabled.id, disabled: true });
    const late = await person("tom", "Tom Later");
    await addToStory(lead, storyId, late, "contributor");

    const body = `@${handle(colleague).toUpperCase()} and @${handle(reader)}: see the file. cc @${handle(outsider)} @${handle(disabled)} @${handle(admin)} @${handle(reporter)} (write to ${late.email} or foo@${handle(late)})`;
    const comment = await createComment(reporter, { ...on(questionId), body });
    const row = await db().comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(new Set(row.mentionIds)).toEqual(new Set([colleague.id, reader.id, reporter.id]));

    for (const user of [colleague, reader]) {
      const [only, ...rest] = await inbox(user);
      expect(rest).toEqual([]);
      expect(only).toMatchObject({
        kind: "mentioned",
        storyId,
        actorId: reporter.id,
        entityType: "question",
        entityId: questionId,
        title: "Maya Cohen mentioned you in a comment on question “Who signed the contract?”",
      });
    }
    for (const user of [outsider, disabled, admin, reporter, late]) expect(await inbox(user)).toEqual([]);

    // An edit that keeps the mentions notifies nobody again; a new mention notifies only the new member.
    await updateComment(reporter, { storyId, commentId: comment.id, version: 1, body: `${body} Again @${handle(colleague)}.` });
    expect(await inbox(colleague)).toHaveLength(1);
    await updateComment(reporter, { storyId, commentId: comment.id, version: 2, body: `${body} And @${handle(late)}.` });
    expect(await inbox(colleague)).toHaveLength(1);
    expect(await inbox(reader)).toHaveLength(1);
    expect(await inbox(late)).toHaveLength(1);

    const members = await mentionableMembers(reader, storyId);
    expect(members.map((m) => m.handle).sort()).toEqual([lead, reporter, colleague, reader, late].map(handle).sort());
  });

  it("in the memo and a question's answer, notify once per member", async () => {
    const memo = doc(`Plan: @${handle(colleague)} chases the registry.`);
    const story = await updateMemo(reporter, { storyId, version: 1, memo });
    await updateMemo(reporter, { storyId, version: story.version, memo: doc(`Plan: @${handle(colleague)} chases the registry today.`) });
    const [memoNote, ...more] = await inbox(colleague);
    expect(more).toEqual([]);
    expect(memoNote).toMatchObject({ entityType: "story", entityId: storyId, title: "Maya Cohen mentioned you in the memo of “Cloud contract”" });

    const answered = await updateQuestion(lead, { storyId, questionId, version: 1, text: "Who signed the contract?", answer: doc(`Per @${handle(reader)}: the deputy minister.`) });
    await updateQuestion(lead, { storyId, questionId, version: answered.version, text: "Who signed the contract?", status: "answered", answer: doc(`Per @${handle(reader)}: the deputy minister.`) });
    const notes = await inbox(reader);
    expect(notes.map((n) => n.title)).toEqual(["Lea Lead mentioned you in the answer to question “Who signed the contract?”"]);
    const asked = await createQuestion(colleague, { storyId, text: "Which ministry?", answer: doc(`@${handle(lead)} knows`) });
    expect((await inbox(lead)).map((n) => [n.entityId, n.title])).toEqual([[asked.id, "Lina Haddad mentioned you in the answer to question “Which ministry?”"]]);
  });

  it("in a confidential source's notes, never put its name in a title", async () => {
    const secret = await createSource(reporter, {
      storyId,
      name: CANARY_NAME,
      kind: "person",
      protection: "confidential",
      notes: doc(`@${handle(colleague)} met them twice, @${handle(lead)} once.`),
    });
    await updateSource(lead, { storyId, sourceId: secret.id, version: 1, kind: "person", protection: "confidential", notes: doc(`@${handle(colleague)} met them twice. @${handle(reader)} has the notes.`) });
    await createComment(lead, { ...on(secret.id, "source"), body: `@${handle(reporter)} can you re-check?` });
    const speaker = await createSource(lead, { storyId, name: "Open Speaker", kind: "person" });
    const quote = await createQuote(lead, { storyId, speakerId: speaker.id, text: "We signed in March.", notes: doc(`@${handle(reader)} verify`) });
    await updateQuote(lead, { storyId, quoteId: quote.id, version: 1, speakerId: speaker.id, text: "We signed in March.", notes: doc(`@${handle(reader)} verify, @${handle(colleague)} too`) });

    const titles = (await db().notification.findMany({ where: { storyId }, orderBy: { createdAt: "asc" } })).map((n) => [n.userId, n.title]);
    // Stored titles never name an entry; a confidential source's notes notify only those who may read them.
    expect(titles).toEqual([
      [lead.id, "Maya Cohen mentioned you in the notes of source {entry}"],
      [reporter.id, "Lea Lead mentioned you in a comment on source {entry}"],
      [reader.id, "Lea Lead mentioned you in the notes of quote {entry}"],
      [colleague.id, "Lea Lead mentioned you in the notes of quote {entry}"],
    ]);
    expect((await inbox(reporter)).map((n) => n.title)).toEqual([`Lea Lead mentioned you in a comment on source “${CANARY_NAME}”`]);
    expect((await inbox(reader)).map((n) => n.title)).toEqual(["Lea Lead mentioned you in the notes of quote “Open Speaker: “We signed in March.””"]);

    // A mention made while a source was on the record names it as it is when read: confidential since.
    await createComment(lead, { ...on(speaker.id, "source"), body: `@${handle(colleague)} is this Open Speaker?` });
    expect((await inbox(colleague)).at(-1)?.title).toBe("Lea Lead mentioned you in a comment on source “Open Speaker”");
    await updateSource(lead, { storyId, sourceId: speaker.id, version: 1, protection: "confidential" });
    expect((await inbox(colleague)).at(-1)?.title).toBe("Lea Lead mentioned you in a comment on source “Confidential source B”");
    // (A notification carries its live event's bigint sequence: written out as text.)
    expect(JSON.stringify(await inbox(colleague), (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))).not.toContain("Open Speaker");
    expect(JSON.stringify(titles)).not.toContain("Canary");
  });
});
