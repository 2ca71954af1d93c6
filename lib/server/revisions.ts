import "server-only";
import { db } from "@/lib/db";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { SYSTEM_ACTOR_ID } from "@/lib/server/ledger";

export type RevisionListItem = {
  seq: number;
  entityType: string;
  entityId: string;
  action: string;
  changedFields: string[];
  reason: string | null;
  actorName: string;
  /** For team changes: whose membership, and their role after the change. */
  subject: { name: string; role: string } | null;
  createdAt: Date;
  hash: string;
};

/** A story's most recent revisions, newest first (keyset-paginated by sequence). */
export async function listStoryRevisions(
  user: SessionUser,
  storyId: string,
  options: { take?: number; beforeSeq?: number } = {},
): Promise<RevisionListItem[]> {
  const access = await storyAccessFor(user, storyId, "reader");
  const rows = await db().revision.findMany({
    where: { chain: access.storyId, ...(options.beforeSeq ? { seq: { lt: BigInt(options.beforeSeq) } } : {}) },
    orderBy: { seq: "desc" },
    take: Math.min(options.take ?? 20, 100),
    select: {
      seq: true,
      entityType: true,
      entityId: true,
      action: true,
      changedFields: true,
      reason: true,
      actorId: true,
      createdAt: true,
      hash: true,
      snapshot: true,
    },
  });
  const memberOf = (snapshot: unknown) => snapshot as { user_id?: string; role?: string };
  const subjectIds = rows.filter((row) => row.entityType === "member").map((row) => memberOf(row.snapshot).user_id ?? "");
  const actorIds = [...new Set([...rows.map((row) => row.actorId), ...subjectIds])];
  const actors = await db().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } });
  const names = new Map(actors.map((actor) => [actor.id, actor.name]));
  names.set(SYSTEM_ACTOR_ID, "System");
  return rows.map((row) => ({
    seq: Number(row.seq),
    entityType: row.entityType,
    entityId: row.entityId,
    action: row.action,
    changedFields: row.changedFields,
    reason: row.reason,
    actorName: names.get(row.actorId) ?? "Former account",
    subject:
      row.entityType === "member"
        ? { name: names.get(memberOf(row.snapshot).user_id ?? "") ?? "a former account", role: memberOf(row.snapshot).role ?? "" }
        : null,
    createdAt: row.createdAt,
    hash: row.hash,
  }));
}

/** The hash of the story's latest revision: printed on the page so a copy can be checked. */
export async function storyChainHead(user: SessionUser, storyId: string): Promise<string | null> {
  const access = await storyAccessFor(user, storyId, "reader");
  const head = await db().revisionChain.findUnique({ where: { chain: access.storyId }, select: { headHash: true } });
  return head?.headHash ?? null;
}
