import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storyAccessFor } from "@/lib/server/access";
import { addMember, changeMemberRole, listMembers, removeMember } from "@/lib/server/members";
import { createStory, getStory, listStories, updateStory } from "@/lib/server/stories";
import { addToStory, makeStory, makeUser } from "@/prisma/factories";
import { codeOf } from "../support/errors";

describe("stories and their access rules", () => {
  it("lets editors and admins create stories, not reporters, and makes the creator lead", async () => {
    const editor = await makeUser({ role: "editor" });
    const reporter = await makeUser({ role: "reporter" });
    expect(await codeOf(createStory(reporter, { title: "Not allowed", summary: "" }))).toBe("FORBIDDEN");
    const story = await createStory(editor, { title: "Cloud contract cut", summary: "What we know" });
    expect(story.slug).toBe("cloud-contract-cut");
    const again = await createStory(editor, { title: "Cloud contract cut", summary: "" });
    expect(again.slug).toBe("cloud-contract-cut-2");
    expect((await storyAccessFor(editor, story.id, "lead")).role).toBe("lead");
  });

  it("hides a story from non-members as if it did not exist, and shows admins everything", async () => {
    const lead = await makeUser({ role: "editor" });
    const outsider = await makeUser({ role: "editor" });
    const admin = await makeUser({ role: "admin" });
    const story = await makeStory(lead);
    expect(await codeOf(getStory(outsider, story.id))).toBe("NOT_FOUND");
    expect(await codeOf(getStory(outsider, "00000000-0000-4000-8000-000000000000"))).toBe("NOT_FOUND");
    expect(await codeOf(getStory(outsider, "not-a-uuid"))).toBe("NOT_FOUND");
    expect(await codeOf(updateStory(outsider, { storyId: story.id, version: 1, title: "Hijack", summary: "", status: "developing" }))).toBe("NOT_FOUND");
    expect((await listStories(outsider)).map((s) => s.id)).not.toContain(story.id);
    expect((await listStories(admin)).map((s) => s.id)).toContain(story.id);
    expect((await getStory(admin, story.id)).access).toMatchObject({ role: "lead", isMember: false });
  });

  it("shows nothing to a user whose id is not a uuid (Prisma would drop an undefined filter and find any member)", async () => {
    const lead = await makeUser({ role: "editor" });
    const story = await makeStory(lead);
    for (const id of [undefined, "", "not-a-uuid"]) {
      const malformed = { ...lead, id: id as unknown as string };
      expect(await listStories(malformed)).toEqual([]);
      expect(await codeOf(getStory(malformed, story.id))).toBe("NOT_FOUND");
    }
    expect((await listStories(lead)).map((item) => item.id)).toContain(story.id);
  });

  it("lets readers see but not edit, and removed members lose access at once", async () => {
    const lead = await makeUser({ role: "editor" });
    const reader = await makeUser();
    const story = await makeStory(lead);
    const membership = await addToStory(lead, story.id, reader, "reader");
    expect((await getStory(reader, story.id)).story.title).toBe(story.title);
    expect(await codeOf(updateStory(reader, { storyId: story.id, version: 1, title: "Reader edit", summary: "", status: "developing" }))).toBe("FORBIDDEN");
    await removeMember(lead, { storyId: story.id, memberId: membership.id });
    expect(await codeOf(getStory(reader, story.id))).toBe("NOT_FOUND");
  });

  it("refuses a stale edit, writes nothing, and returns the latest version", async () => {
    const lead = await makeUser({ role: "editor" });
    const story = await makeStory(lead, { title: "First title" });
    await updateStory(lead, { storyId: story.id, version: 1, title: "Second title", summary: "", status: "developing" });
    const revisionsBefore = await db().revision.count({ where: { chain: story.id } });
    const error = await updateStory(lead, { storyId: story.id, version: 1, title: "Stale title", summary: "", status: "developing" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("CONFLICT");
    expect((error as AppError).latest).toMatchObject({ title: "Second title", version: 2 });
    expect(await db().revision.count({ where: { chain: story.id } })).toBe(revisionsBefore);
  });

  it("does not bump the version or record a revision for a save that changes nothing", async () => {
    const lead = await makeUser({ role: "editor" });
    const story = await makeStory(lead, { title: "Same title" });
    const saved = await updateStory(lead, { storyId: story.id, version: 1, title: "Same title", summary: "", status: "developing" });
    expect(saved.version).toBe(1);
    expect(await db().revision.count({ where: { chain: story.id, entityType: "story" } })).toBe(1);
  });

  it("rejects bad input with field errors and changes nothing", async () => {
    const lead = await makeUser({ role: "editor" });
    const story = await makeStory(lead, { title: "Valid title" });
    const error = (await updateStory(lead, { storyId: story.id, version: 1, title: "x", summary: "", status: "developing" }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe("VALIDATION");
    expect(error.fieldErrors?.title?.[0]).toMatch(/at least 3/);
    const badStatus = (await updateStory(lead, { storyId: story.id, version: 1, title: "Fine", summary: "", status: "gone" as never }).catch((e: unknown) => e)) as AppError;
    expect(badStatus.fieldErrors?.status).toBeDefined();
    expect((await db().story.findUniqueOrThrow({ where: { id: story.id } })).title).toBe("Valid title");
  });
});

describe("story members", () => {
  it("lets leads add, re-role and remove members; re-adding restores the same membership", async () => {
    const lead = await makeUser({ role: "editor" });
    const reporter = await makeUser();
    const story = await makeStory(lead);
    const added = await addMember(lead, { storyId: story.id, email: reporter.email.toUpperCase(), role: "contributor" });
    expect(await codeOf(addMember(lead, { storyId: story.id, email: reporter.email, role: "reader" }))).toBe("DUPLICATE");
    await changeMemberRole(lead, { storyId: story.id, memberId: added.id, role: "reader" });
    await removeMember(lead, { storyId: story.id, memberId: added.id });
    const restored = await addMember(lead, { storyId: story.id, email: reporter.email, role: "contributor" });
    expect(restored.id).toBe(added.id);
    const actions = await db().revision.findMany({ where: { entityId: added.id }, orderBy: { seq: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["create", "update", "delete", "restore"]);
  });

  it("only lets leads manage the team and never leaves a story without a lead", async () => {
    const lead = await makeUser({ role: "editor" });
    const contributor = await makeUser();
    const story = await makeStory(lead);
    await addToStory(lead, story.id, contributor, "contributor");
    const other = await makeUser();
    expect(await codeOf(addMember(contributor, { storyId: story.id, email: other.email, role: "reader" }))).toBe("FORBIDDEN");
    const [leadMembership] = (await listMembers(lead, story.id)).filter((m) => m.role === "lead");
    expect(await codeOf(removeMember(lead, { storyId: story.id, memberId: leadMembership!.id }))).toBe("FORBIDDEN");
    expect(await codeOf(changeMemberRole(lead, { storyId: story.id, memberId: leadMembership!.id, role: "reader" }))).toBe("FORBIDDEN");
    expect(await codeOf(addMember(lead, { storyId: story.id, email: "nobody@storydesk.example", role: "reader" }))).toBe("VALIDATION");
  });
});
