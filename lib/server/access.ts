import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { MemberRole, UserRole } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/validations/common";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  /** The sign-in this request belongs to (lib/server/sessions.ts); absent outside a request. */
  sessionId?: string;
};

const MEMBER_RANK: Record<MemberRole, number> = { reader: 1, contributor: 2, lead: 3 };

export type StoryAccess = {
  user: SessionUser;
  storyId: string;
  /** The user's role on the story; admins who are not members act as leads. */
  role: MemberRole;
  isMember: boolean;
  /** A redacted export: confidential identities stay hidden even from those who may see them. */
  redact?: boolean;
};


// One membership query per story per request, however many panels a page loads. (React's
// cache lives for one server render; in actions and route handlers it does not cache.)
const visibleStory = cache((userId: string, userRole: SessionUser["role"], storyId: string) =>
  db().story.findFirst({
    where: { id: storyId, ...storyVisibleTo({ id: userId, role: userRole }) },
    select: { id: true, members: { where: { userId, deletedAt: null }, select: { role: true } } },
  }),
);

export async function storyAccessFor(user: SessionUser, storyId: string, minimum: MemberRole): Promise<StoryAccess> {
  if (!isUuid(storyId)) throw new AppError("NOT_FOUND");
  const story = await visibleStory(user.id, user.role, storyId);
  if (!story) throw new AppError("NOT_FOUND");
  const membership = story.members[0];
  const role: MemberRole = membership?.role ?? "lead";
  if (MEMBER_RANK[role] < MEMBER_RANK[minimum]) throw new AppError("FORBIDDEN");
  return { user, storyId: story.id, role, isMember: Boolean(membership) };
}

/** The `where` that scopes stories to what a user may see. */
export function storyVisibleTo(user: Pick<SessionUser, "id" | "role">) {
  if (user.role === "admin") return { deletedAt: null };
  return { deletedAt: null, members: { some: { userId: user.id, deletedAt: null } } };
}
