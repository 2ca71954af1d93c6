import "server-only";
import { rawRows } from "@/lib/db";
import { ENTRY_MODULES } from "@/lib/entry-kinds";
import { KINDS, type EntryKind } from "@/lib/entry-kinds/kinds";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";

/** Each panel's count: live entries, and of those the open ones (null: the kind has no status). */
export type WorkspaceCounts = Record<EntryKind, { total: number; open: number | null }>;

/** The counts the workspace's tabs show: live entries only, in one indexed round trip. */
export async function workspaceCounts(user: SessionUser, storyId: string): Promise<WorkspaceCounts> {
  const access = await storyAccessFor(user, storyId, "reader");
  const id = access.storyId;
  const columns = ENTRY_MODULES.map((kindModule) => {
    const open = kindModule.open ? Prisma.sql`count(*) FILTER (WHERE status::text = ANY(${[...kindModule.open]}::text[]))::int` : Prisma.sql`NULL::int`;
    return Prisma.sql`(SELECT json_build_object('total', count(*)::int, 'open', ${open}) FROM ${Prisma.raw(KINDS[kindModule.kind].table)}
                        WHERE story_id = ${id}::uuid AND deleted_at IS NULL) AS ${Prisma.raw(`"${kindModule.kind}"`)}`;
  });
  const [row] = await rawRows<WorkspaceCounts>(Prisma.sql`SELECT ${Prisma.join(columns, ", ")}`);
  return row!;
}
