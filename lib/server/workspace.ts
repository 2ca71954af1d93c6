import "server-only";
import { rawRows } from "@/lib/db";
import { ENTRY_MODULES } from "@/lib/entry-kinds";
import { KINDS, type EntryKind } from "@/lib/entry-kinds/kinds";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, storyAccessSql, type SessionUser } from "@/lib/server/access";
import { requestMemo } from "@/lib/server/request-memo";

/** Each panel's count: live entries, and of those the open ones (null: the kind has no status). */
export type WorkspaceCounts = Record<EntryKind, { total: number; open: number | null }>;

const countsOf = requestMemo<WorkspaceCounts>();

/** One column per kind: its live entries, and the open ones. */
function countColumns(storyId: string): Prisma.Sql {
  return Prisma.join(
    ENTRY_MODULES.map((kindModule) => {
      const open = kindModule.open ? Prisma.sql`count(*) FILTER (WHERE status::text = ANY(${[...kindModule.open]}::text[]))::int` : Prisma.sql`NULL::int`;
      return Prisma.sql`(SELECT json_build_object('total', count(*)::int, 'open', ${open}) FROM ${Prisma.raw(KINDS[kindModule.kind].table)}
                        WHERE story_id = ${storyId}::uuid AND deleted_at IS NULL) AS ${Prisma.raw(`"${kindModule.kind}"`)}`;
    }),
    ", ",
  );
}

/** The counts the workspace's tabs show: live entries only, in one indexed round trip (or read with the page's first statement). */
export async function workspaceCounts(user: SessionUser, storyId: string): Promise<WorkspaceCounts> {
  const access = await storyAccessFor(user, storyId, "reader");
  const id = access.storyId;
  return countsOf.read([user.id, user.role, id], async () => (await rawRows<WorkspaceCounts>(Prisma.sql`SELECT ${countColumns(id)}`))[0]!);
}

/**
 * The same counts as a column of the session's statement (lib/pages.ts, storyFirstRead): null
 * unless the session's account `me` may see the story (the access check's own row, storyAccessSql).
 */
export function workspaceCountsColumn(storyId: string): Prisma.Sql {
  return Prisma.sql`(SELECT to_json(c) FROM (SELECT ${countColumns(storyId)}) c WHERE EXISTS (${storyAccessSql(storyId)})) AS story_counts`;
}

export type WorkspaceCountsColumn = { story_counts: WorkspaceCounts | null };

/** What workspaceCountsColumn read: this request's workspaceCounts of that story (when the story was visible). */
export function knownWorkspaceCounts(user: SessionUser, storyId: string, counts: WorkspaceCounts | null): void {
  if (counts) countsOf.know([user.id, user.role, storyId], counts);
}
