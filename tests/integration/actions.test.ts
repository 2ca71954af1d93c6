// Every server action authorizes on its own: signed out → UNAUTHENTICATED, not a member →
// NOT_FOUND (existence does not leak), not allowed → FORBIDDEN; bad input → field errors.
import { beforeEach, describe, expect, it } from "vitest";
import { addMemberAction, changeMemberRoleAction, removeMemberAction } from "@/lib/actions/members";
import { createStoryAction, updateStoryAction } from "@/lib/actions/stories";
import { changeRoleAction, createUserAction, resetPasswordAction, setDisabledAction } from "@/lib/actions/users";
import { db } from "@/lib/db";
import { makeDesk, makeUser, type TestUser } from "@/prisma/factories";
import { actAs } from "../support/session";

let lead: TestUser;
let outsider: TestUser;
let reporter: TestUser;
let storyId: string;
let memberId: string;

beforeEach(async () => {
  const desk = await makeDesk({ lead: { role: "editor", on: "lead" }, outsider: { role: "editor" }, reporter: { on: "contributor" } });
  ({ lead, outsider, reporter, storyId } = desk);
  memberId = desk.memberIds.reporter!;
});

const storyActions = () => [
  ["updateStory", () => updateStoryAction({ storyId, version: 1, title: "New title", summary: "", status: "developing" })],
  ["addMember", () => addMemberAction({ storyId, email: outsider.email, role: "reader" })],
  ["changeMemberRole", () => changeMemberRoleAction({ storyId, memberId, role: "reader" })],
  ["removeMember", () => removeMemberAction({ storyId, memberId })],
] as const;

describe("story actions", () => {
  it("refuse a signed-out caller", async () => {
    actAs(null);
    for (const [, run] of storyActions()) expect(await run()).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await createStoryAction({ title: "Anything", summary: "" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });

  it("answer a non-member as if the story did not exist, and change nothing", async () => {
    actAs(outsider);
    for (const [, run] of storyActions()) expect(await run()).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await db().revision.count({ where: { chain: storyId } })).toBe(3);
  });

  it("refuse a disabled account even while its session is live", async () => {
    actAs(lead);
    expect((await updateStoryAction({ storyId, version: 1, title: "Allowed", summary: "", status: "developing" })).ok).toBe(true);
    const admin = await makeUser({ role: "admin" });
    actAs(admin);
    expect((await setDisabledAction({ userId: lead.id, disabled: true })).ok).toBe(true);
    actAs(lead, 1);
    expect(await updateStoryAction({ storyId, version: 2, title: "Too late", summary: "", status: "developing" })).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("return field errors for bad input", async () => {
    actAs(lead);
    const result = await updateStoryAction({ storyId, version: 1, title: "", summary: "", status: "developing" });
    expect(result).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(result.ok ? null : result.fieldErrors?.title?.[0]).toBe("Title is required.");
    const badId = await updateStoryAction({ storyId: "'; drop table stories; --", version: 1, title: "Okay", summary: "", status: "developing" });
    expect(badId).toMatchObject({ ok: false, code: "VALIDATION" });
  });

  it("let a lead do their work", async () => {
    actAs(lead);
    expect(await createStoryAction({ title: "A second story", summary: "" })).toMatchObject({ ok: true });
    expect(await addMemberAction({ storyId, email: outsider.email, role: "reader" })).toMatchObject({ ok: true });
    expect(await changeMemberRoleAction({ storyId, memberId, role: "reader" })).toMatchObject({ ok: true });
    expect(await removeMemberAction({ storyId, memberId })).toMatchObject({ ok: true });
  });
});

describe("admin actions", () => {
  const adminActions = () => [
    () => createUserAction({ email: "new@storydesk.example", name: "New Person", role: "reporter", password: "long-enough-password" }),
    () => resetPasswordAction({ userId: reporter.id, password: "another-long-password" }),
    () => changeRoleAction({ userId: reporter.id, role: "editor" }),
    () => setDisabledAction({ userId: reporter.id, disabled: true }),
  ];

  it("refuse a signed-out caller", async () => {
    actAs(null);
    for (const run of adminActions()) expect(await run()).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });

  it("refuse anyone who is not an admin, and change nothing", async () => {
    actAs(lead);
    for (const run of adminActions()) expect(await run()).toMatchObject({ ok: false, code: "FORBIDDEN" });
    const unchanged = await db().user.findUniqueOrThrow({ where: { id: reporter.id } });
    expect(unchanged).toMatchObject({ role: "reporter", disabledAt: null, sessionVersion: 1 });
    expect(await db().user.count({ where: { email: "new@storydesk.example" } })).toBe(0);
  });

  it("let an admin manage accounts, each change recorded on the desk chain", async () => {
    const admin = await makeUser({ role: "admin" });
    actAs(admin);
    const before = await db().revision.count({ where: { chain: "desk" } });
    for (const run of adminActions()) expect(await run()).toMatchObject({ ok: true });
    const revisions = await db().revision.findMany({ where: { chain: "desk" }, orderBy: { seq: "asc" }, skip: before });
    expect(revisions.map((r) => [r.actorId, r.action, r.changedFields.join(",")])).toEqual([
      [admin.id, "create", expect.stringContaining("email")],
      [admin.id, "update", "password_hash,session_version"],
      [admin.id, "update", "role"],
      [admin.id, "update", "disabled_at,session_version"],
    ]);
    const duplicate = await createUserAction({ email: "NEW@storydesk.example", name: "Again", role: "reporter", password: "long-enough-password" });
    expect(duplicate).toMatchObject({ ok: false, code: "DUPLICATE", fieldErrors: { email: ["An account with that e-mail already exists."] } });
  });

  it("stop an admin from locking themselves out", async () => {
    const admin = await makeUser({ role: "admin" });
    actAs(admin);
    expect(await setDisabledAction({ userId: admin.id, disabled: true })).toMatchObject({ code: "FORBIDDEN" });
    expect(await changeRoleAction({ userId: admin.id, role: "reporter" })).toMatchObject({ code: "FORBIDDEN" });
  });
});
