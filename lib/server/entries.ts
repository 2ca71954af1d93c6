import "server-only";
import { entryModule } from "@/lib/entry-kinds";
import { KINDS } from "@/lib/entry-kinds/kinds";
import { snapshotsById } from "@/lib/entry-kinds/snapshot";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import { entryRefSchema, type EntryRefInput } from "@/lib/validations/entries";
import { parseInput } from "@/lib/validations/parse";

// Soft delete and restore, the same for every kind of entry: a deleted entry keeps its row
// (and its history); the trigger records "delete" or "restore" from deleted_at.

async function setDeleted(user: SessionUser, raw: EntryRefInput, deleted: boolean): Promise<{ version: number }> {
  const input = parseInput(entryRefSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const [current] = await snapshotsById(input.kind, access.storyId, [input.entryId], tx);
    if (!current) throw new AppError("NOT_FOUND");
    const state = { version: Number(current.version), deleted: Boolean(current.deleted_at) };
    if (state.version !== input.version) throw new AppError("CONFLICT", { latest: state });
    entryModule(input.kind).assertMayChange?.(access, current);
    if (state.deleted === deleted) return { version: state.version };
    const [updated] = await tx.$queryRaw<{ version: number }[]>`
      UPDATE ${Prisma.raw(KINDS[input.kind].table)}
         SET deleted_at = ${deleted ? new Date() : null}::timestamptz, version = version + 1, updated_at = now()
       WHERE id = ${input.entryId}::uuid AND story_id = ${access.storyId}::uuid AND version = ${input.version}
       RETURNING version`;
    if (!updated) throw new AppError("CONFLICT");
    return updated;
  });
}

export const deleteEntry = (user: SessionUser, input: EntryRefInput) => setDeleted(user, input, true);
export const restoreEntry = (user: SessionUser, input: EntryRefInput) => setDeleted(user, input, false);
