import "server-only";
import { db, rawRows } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import type { StoryAccess } from "@/lib/server/access";
import { fromLocalInput } from "@/lib/time-zone";

// A moment in a story's life is a position in its chain: "as of 18:00" means "after the last
// revision made at or before 18:00". Within one chain, revision times never go backwards (they
// are taken under the chain's lock), so the time index finds the position directly.

export type StoryMoment = {
  seq: number;
  at: Date;
  /** true: the present (the chain's head). */
  now: boolean;
  /** Revision `seq`'s hash, when the read that found the moment brought it (a revision number). */
  hash?: string | null;
};

/** The last sequence number at or before `at` (0: before the story's first revision). */
export async function seqAt(storyId: string, at: Date): Promise<number> {
  const [row] = await db().$queryRaw<{ seq: bigint }[]>`
    SELECT seq FROM revisions WHERE story_id = ${storyId}::uuid AND created_at <= ${at}
     ORDER BY created_at DESC, seq DESC LIMIT 1`;
  return Number(row?.seq ?? 0);
}

export async function chainHead(storyId: string): Promise<{ seq: number; hash: string | null; at: Date | null }> {
  const [head] = await rawRows<{ seq: string; head_hash: string | null; updated_at: Date | null }>(
    Prisma.sql`SELECT seq, head_hash, updated_at FROM revision_chains WHERE chain = ${storyId}`,
  );
  return { seq: Number(head?.seq ?? 0), hash: head?.head_hash ?? null, at: head?.updated_at ?? null };
}

/** When revision `seq` was made, and its hash. */
async function revisionAt(storyId: string, seq: number): Promise<{ createdAt: Date; hash: string } | null> {
  return db().revision.findUnique({ where: { chain_seq: { chain: storyId, seq: BigInt(seq) } }, select: { createdAt: true, hash: true } });
}

/**
 * Resolves a moment given as a revision number or a wall-clock time in the reader's zone.
 * Neither: the present. A revision that does not exist, or an unreadable time: NOT_FOUND /
 * VALIDATION, never a guess.
 */
export type MomentInput = { rev?: number; at?: string; instant?: Date };

export async function resolveMoment(access: StoryAccess, input: MomentInput, timeZone: string): Promise<StoryMoment> {
  const head = await chainHead(access.storyId);
  if (input.instant) {
    const seq = await seqAt(access.storyId, input.instant);
    return { seq, at: input.instant, now: seq === head.seq && input.instant.getTime() >= Date.now() };
  }
  if (input.rev !== undefined) {
    if (input.rev > head.seq) throw new AppError("NOT_FOUND", { message: `This story has no revision #${input.rev}.` });
    const revision = await revisionAt(access.storyId, input.rev);
    if (!revision) throw new AppError("NOT_FOUND", { message: `This story has no revision #${input.rev}.` });
    return { seq: input.rev, at: revision.createdAt, now: input.rev === head.seq, hash: revision.hash };
  }
  if (input.at !== undefined) {
    const at = fromLocalInput(input.at, timeZone);
    if (!at) throw new AppError("VALIDATION", { message: "Enter a date and time." });
    const seq = await seqAt(access.storyId, at);
    return { seq, at, now: seq === head.seq && at.getTime() >= Date.now() };
  }
  return { seq: head.seq, at: new Date(), now: true };
}
