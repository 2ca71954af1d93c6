import "server-only";
import { db } from "@/lib/db";
import { storyAccessFor, type SessionUser } from "@/lib/auth";
import { SYSTEM_ACTOR_ID } from "@/lib/server/ledger";

export type RevisionListItem = {
  seq: number;
  entityType: string;
  entityId: string;
  action: string;
  changedFields: string[];
  reason: string | null;
  actorName: string;
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
    },
  });
  const actorIds = [...new Set(rows.map((row) => row.actorId))];
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
    createdAt: row.createdAt,
    hash: row.hash,
  }));
}

export async function chainHead(storyId: string) {
  return db().revisionChain.findUnique({ where: { chain: storyId }, select: { seq: true, headHash: true, updatedAt: true } });
}
