import "server-only";
import { cache } from "react";
import { rawRows } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type MemberRole, type UserRole } from "@/lib/generated/prisma/client";
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
// One statement (Prisma's findFirst with the membership as a relation took two), as
// storyVisibleTo says: a story not deleted, and the user a member of it unless an admin.
const visibleStory = cache(async (userId: string, userRole: SessionUser["role"], storyId: string) => {
  const [row] = await rawRows<{ id: string; role: MemberRole | null }>(Prisma.sql`
    SELECT s.id::text AS id, m.role::text AS role
      FROM stories s
      LEFT JOIN story_members m ON m.story_id = s.id AND m.user_id = ${userId}::uuid AND m.deleted_at IS NULL
     WHERE s.id = ${storyId}::uuid AND s.deleted_at IS NULL AND (${userRole === "admin"} OR m.id IS NOT NULL)`);
  return row;
});

export async function storyAccessFor(user: SessionUser, storyId: string, minimum: MemberRole): Promise<StoryAccess> {
  if (!isUuid(storyId) || !isUuid(user.id)) throw new AppError("NOT_FOUND");
  const story = await visibleStory(user.id, user.role, storyId);
  if (!story) throw new AppError("NOT_FOUND");
  const role: MemberRole = story.role ?? "lead";
  if (MEMBER_RANK[role] < MEMBER_RANK[minimum]) throw new AppError("FORBIDDEN");
  return { user, storyId: story.id, role, isMember: story.role !== null };
}

/** The `where` that scopes stories to what a user may see. */
export function storyVisibleTo(user: Pick<SessionUser, "id" | "role">) {
  if (user.role === "admin") return { deletedAt: null };
  return { deletedAt: null, members: { some: { userId: user.id, deletedAt: null } } };
}
