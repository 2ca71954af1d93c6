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
