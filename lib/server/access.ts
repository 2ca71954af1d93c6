import "server-only";
import { rawRows } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma, type MemberRole, type UserRole } from "@/lib/generated/prisma/client";
import { requestMemo } from "@/lib/server/request-memo";
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
// The same statement reads the story's chain head (one snapshot with the check): a story page's
// live cursor, read before anything the check authorizes (storyAccessAndHead).
type VisibleStory = { id: string; role: MemberRole | null; head: string };

const visibleStories = requestMemo<VisibleStory | undefined>();

/** The story's row as the check reads it: `userId` and `isAdmin` are SQL (values, or the session's `me` columns). */
const visibleStorySql = (userId: Prisma.Sql, isAdmin: Prisma.Sql, storyId: string) => Prisma.sql`
    SELECT s.id::text AS id, m.role::text AS role, coalesce((SELECT c.seq FROM revision_chains c WHERE c.chain = s.id::text), 0)::text AS head
      FROM stories s
      LEFT JOIN story_members m ON m.story_id = s.id AND m.user_id = ${userId} AND m.deleted_at IS NULL
     WHERE s.id = ${storyId}::uuid AND s.deleted_at IS NULL AND (${isAdmin} OR m.id IS NOT NULL)`;

function visibleStory(userId: string, userRole: SessionUser["role"], storyId: string): Promise<VisibleStory | undefined> {
  return visibleStories.read([userId, userRole, storyId], () =>
    rawRows<VisibleStory>(visibleStorySql(Prisma.sql`${userId}::uuid`, Prisma.sql`${userRole === "admin"}`, storyId)).then(([first]) => first),
  );
}

/**
 * The access check's row as a column of the session's own statement (sessionUserAnd in lib/auth.ts:
 * `me` is the account the session check found): a story page checks the session and the story in
 * one round trip. null when the story is not visible to that account; no row at all without a
 * live session. Give what it read to `knownStoryAccess` so that the page's checks use it.
 */
export function storyAccessColumn(storyId: string): Prisma.Sql {
  return Prisma.sql`(SELECT to_json(v) FROM (${storyAccessSql(storyId)}) v) AS story_access`;
}

/** The access check's row for the session's account `me` (a statement's columns FROM me). */
export const storyAccessSql = (storyId: string) => visibleStorySql(Prisma.sql`me.id`, Prisma.sql`me.role = 'admin'`, storyId);

/** What storyAccessColumn read for `user` (this request's, from the same statement): the request's checks of that story use it. */
export function knownStoryAccess(user: SessionUser, storyId: string, row: VisibleStory | null): void {
  visibleStories.know([user.id, user.role, storyId], row ?? undefined);
}

export type StoryAccessColumn = { story_access: VisibleStory | null };

export async function storyAccessFor(user: SessionUser, storyId: string, minimum: MemberRole): Promise<StoryAccess> {
  return (await storyAccessAndHead(user, storyId, minimum)).access;
}

/**
 * The access check and the story's chain head as that same statement read it: a story page's
 * live cursor (lib/server/live/ARCHITECTURE.md), read before anything the page shows — every
 * read of the page waits for this check (one per request: the first caller's answer).
 */
export async function storyAccessAndHead(user: SessionUser, storyId: string, minimum: MemberRole): Promise<{ access: StoryAccess; head: number }> {
  if (!isUuid(storyId) || !isUuid(user.id)) throw new AppError("NOT_FOUND");
  const story = await visibleStory(user.id, user.role, storyId);
  if (!story) throw new AppError("NOT_FOUND");
  const role: MemberRole = story.role ?? "lead";
  if (MEMBER_RANK[role] < MEMBER_RANK[minimum]) throw new AppError("FORBIDDEN");
  return { access: { user, storyId: story.id, role, isMember: story.role !== null }, head: Number(story.head) };
}

/**
 * The same rule in SQL, for a raw read of `stories` aliased `s`: not deleted, and the user a
 * member of it unless an admin (storyVisibleTo is its Prisma twin).
 */
export function storyVisibleSql(user: Pick<SessionUser, "id" | "role">): Prisma.Sql {
  if (!isUuid(user.id)) return Prisma.sql`false`;
  return Prisma.sql`s.deleted_at IS NULL AND (${user.role === "admin"} OR EXISTS (
    SELECT 1 FROM story_members vm WHERE vm.story_id = s.id AND vm.user_id = ${user.id}::uuid AND vm.deleted_at IS NULL))`;
}

/** The `where` that scopes stories to what a user may see. */
export function storyVisibleTo(user: Pick<SessionUser, "id" | "role">) {
  // Prisma drops a filter whose value is undefined: a user id that is not a uuid (never a real
  // session's) would otherwise match any member. It sees nothing.
  if (!isUuid(user.id)) return { deletedAt: null, id: { in: [] as string[] } };
  if (user.role === "admin") return { deletedAt: null };
  return { deletedAt: null, members: { some: { userId: user.id, deletedAt: null } } };
}
