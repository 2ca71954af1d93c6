import "server-only";
import type { Tx } from "@/lib/db";
import { KIND_MODULES } from "@/lib/entry-kinds";
import { KINDS, isTrackedKind, type RestorableKind, type TrackedKind } from "@/lib/entry-kinds/kinds";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import { restoreRevisionSchema, type RestoreRevisionInput } from "@/lib/validations/history";
import { parseInput } from "@/lib/validations/parse";

// Restoring brings an entry back to the state of an earlier revision (and undeletes it) as a
// NEW revision with a required reason: history is never rewritten. It names the version the
// user saw; if the entry changed meanwhile, nothing is written and the latest comes back.

/** The columns a restore writes: the entry's own fields. Never the id, story, logger, alias or a burn. */
function restoredColumns(type: RestorableKind): string[] {
  return KIND_MODULES[type].fields.flatMap((spec) => {
    if (spec.key === "alias" || ("restore" in spec && spec.restore === false)) return [];
    return spec.type === "moment" ? [spec.key, spec.precisionKey, ...(spec.untilKey ? [spec.untilKey] : [])].filter(Boolean) : [spec.key];
  });
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const storyColumnOf = (type: TrackedKind) => Prisma.raw(KINDS[type].storyColumn);

/** The row's version, deletion and columns now, read inside the caller's transaction. */
export async function currentState(client: Tx | Prisma.TransactionClient, storyId: string, type: string, id: string) {
  if (!isTrackedKind(type) || !KINDS[type].restorable) return null;
  const [row] = await client.$queryRaw<{ version: number; deleted: boolean; row: Record<string, unknown> }[]>`
    SELECT version, deleted_at IS NOT NULL AS deleted, to_jsonb(t) AS row
      FROM ${Prisma.raw(KINDS[type].table)} t WHERE id = ${id}::uuid AND ${storyColumnOf(type)} = ${storyId}::uuid`;
  return row ?? null;
}

export async function restoreRevision(user: SessionUser, raw: RestoreRevisionInput): Promise<{ version: number; changed: boolean }> {
  const input = parseInput(restoreRevisionSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const type = input.entityType;
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason }, async (tx) => {
    const [revision] = await tx.$queryRaw<{ snapshot: Record<string, unknown> }[]>`
      SELECT snapshot FROM revisions
       WHERE chain = ${access.storyId} AND seq = ${input.seq} AND entity_type = ${type} AND entity_id = ${input.entityId}::uuid`;
    if (!revision) throw new AppError("NOT_FOUND", { message: "That version of this entry was not found." });
    const current = await currentState(tx, access.storyId, type, input.entityId);
    if (!current) throw new AppError("NOT_FOUND");
    if (current.version !== input.version) {
      throw new AppError("CONFLICT", {
        message: "This entry changed since you opened its history. The latest version is shown; check it before restoring.",
        latest: { version: current.version, deleted: current.deleted },
      });
    }
    KIND_MODULES[type].assertMayRestore?.(access, current.row, revision.snapshot);
    // What the revision holds, as it is written back (a source's identity sealed with its key).
    const snapshot = (await KIND_MODULES[type].restorable?.(tx, revision.snapshot)) ?? revision.snapshot;
    const columns = restoredColumns(type);
    const list = Prisma.raw(columns.map(quoted).join(", "));
    const table = Prisma.raw(KINDS[type].table);
    // The story itself is never deleted from here; entries come back undeleted.
    const entry = KINDS[type].entry;
    const undelete = entry ? Prisma.sql`, deleted_at = NULL` : Prisma.empty;
    const unchanged = columns.every((column) => JSON.stringify(current.row[column] ?? null) === JSON.stringify(snapshot[column] ?? null));
    if (unchanged && !(entry && current.deleted)) return { version: current.version, changed: false };
    const [updated] = await tx.$queryRaw<{ version: number }[]>`
      UPDATE ${table} AS t
         SET (${list}) = (SELECT ${list} FROM jsonb_populate_record(NULL::${table}, ${JSON.stringify(snapshot)}::jsonb))
             ${undelete}, version = t.version + 1, updated_at = now()
       WHERE t.id = ${input.entityId}::uuid AND t.${storyColumnOf(type)} = ${access.storyId}::uuid AND t.version = ${input.version}
       RETURNING version`;
    if (!updated) throw new AppError("CONFLICT");
    return { version: updated.version, changed: true };
  });
}
