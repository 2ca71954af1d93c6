import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import { assertMayChange } from "@/lib/server/follow-ups/rules";
import { entryRefSchema, type EntryKind, type EntryRefInput } from "@/lib/validations/entries";
import { parseInput } from "@/lib/validations/parse";

// Soft delete and restore, the same for every kind of entry: a deleted entry keeps its row
// (and its history); the trigger records "delete" or "restore" from deleted_at.

const TABLES: Record<EntryKind, Prisma.Sql> = {
  source: Prisma.sql`sources`,
  quote: Prisma.sql`quotes`,
  question: Prisma.sql`questions`,
  timeline_event: Prisma.sql`timeline_events`,
  follow_up: Prisma.sql`follow_ups`,
};

async function setDeleted(user: SessionUser, raw: EntryRefInput, deleted: boolean): Promise<{ version: number }> {
  const input = parseInput(entryRefSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const table = TABLES[input.kind];
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const [current] = await tx.$queryRaw<{ version: number; deleted: boolean }[]>`
      SELECT version, deleted_at IS NOT NULL AS deleted FROM ${table} WHERE id = ${input.entryId}::uuid AND story_id = ${access.storyId}::uuid`;
    if (!current) throw new AppError("NOT_FOUND");
    if (current.version !== input.version) throw new AppError("CONFLICT", { latest: current });
    if (input.kind === "follow_up") assertMayChange(access, await tx.followUp.findUniqueOrThrow({ where: { id: input.entryId } }));
    if (current.deleted === deleted) return { version: current.version };
    const [updated] = await tx.$queryRaw<{ version: number }[]>`
      UPDATE ${table}
         SET deleted_at = ${deleted ? new Date() : null}::timestamptz, version = version + 1, updated_at = now()
       WHERE id = ${input.entryId}::uuid AND story_id = ${access.storyId}::uuid AND version = ${input.version}
       RETURNING version`;
    if (!updated) throw new AppError("CONFLICT");
    return updated;
  });
}

export const deleteEntry = (user: SessionUser, input: EntryRefInput) => setDeleted(user, input, true);
export const restoreEntry = (user: SessionUser, input: EntryRefInput) => setDeleted(user, input, false);
