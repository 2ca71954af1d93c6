// Factories shared by the demo seed and the tests. They go through the domain
// functions, so seeded and test data take the same write path as the app.
import { randomUUID } from "node:crypto";
import type { SessionUser } from "@/lib/server/access";
import { SYSTEM_ACTOR_ID } from "@/lib/server/ledger";
import { addMember } from "@/lib/server/members";
import { createStory } from "@/lib/server/stories";
import { insertUser } from "@/lib/server/users";
import type { MemberRole, UserRole } from "@/lib/generated/prisma/client";

export type TestUser = SessionUser & { password: string };

export async function makeUser(
  overrides: { email?: string; name?: string; role?: UserRole; password?: string; actorId?: string } = {},
): Promise<TestUser> {
  const suffix = randomUUID().slice(0, 8);
  const password = overrides.password ?? `pw-${randomUUID()}`;
  const user = await insertUser(overrides.actorId ?? SYSTEM_ACTOR_ID, {
    email: (overrides.email ?? `user-${suffix}@storydesk.example`).toLowerCase(),
    name: overrides.name ?? `Test User ${suffix}`,
    role: overrides.role ?? "reporter",
    password,
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role, password };
}

export async function makeStory(lead: SessionUser, overrides: { title?: string; summary?: string } = {}) {
  return createStory(lead, {
    title: overrides.title ?? `Story ${randomUUID().slice(0, 8)}`,
    summary: overrides.summary ?? "",
  });
}

export async function addToStory(lead: SessionUser, storyId: string, user: SessionUser, role: MemberRole) {
  return addMember(lead, { storyId, email: user.email, role });
}

/** Someone on (or off) a test desk: their account, and their role on the story (none: not a member). */
export type DeskPerson = { role?: UserRole; name?: string; email?: string; on?: MemberRole };

/**
 * A story and the people around it, in one go: the first person `on: "lead"` opens the story;
 * the others with `on` join it in that role; the rest only have accounts (outsiders, admins).
 */
export async function makeDesk<const P extends Record<string, DeskPerson>>(
  people: P,
  story: { title?: string } = {},
): Promise<{ [K in keyof P]: TestUser } & { storyId: string; memberIds: Partial<Record<keyof P, string>> }> {
  const users = Object.fromEntries(
    await Promise.all(Object.entries(people).map(async ([key, person]) => [key, await makeUser({ role: person.role, name: person.name, email: person.email })] as const)),
  ) as Record<keyof P, TestUser>;
  const leadKey = Object.keys(people).find((key) => people[key]!.on === "lead");
  if (!leadKey) throw new Error("makeDesk: someone must be on: \"lead\"");
  const storyId = (await makeStory(users[leadKey]!, story)).id;
  const memberIds: Partial<Record<keyof P, string>> = {};
  for (const [key, person] of Object.entries(people)) {
    if (person.on && key !== leadKey) memberIds[key as keyof P] = (await addToStory(users[leadKey]!, storyId, users[key]!, person.on)).id;
  }
  return { ...users, storyId, memberIds };
}
