import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import { maySeeProtected } from "@/lib/server/sources";
import { parseInput } from "@/lib/validations/parse";
import { restoreRevisionSchema, type RestoreRevisionInput } from "@/lib/validations/history";
import { FIELD_SPECS, type RestorableType } from "./fields";

// Restoring brings an entry back to the state of an earlier revision (and undeletes it) as a
// NEW revision with a required reason: history is never rewritten. It names the version the
// user saw; if the entry changed meanwhile, nothing is written and the latest comes back.

const TABLES: Record<RestorableType, string> = {
  story: "stories",
  source: "sources",
  quote: "quotes",
  question: "questions",
  timeline_event: "timeline_events",
};

/** The columns a restore writes: the entry's own fields. Never the id, story, logger or alias. */
function restoredColumns(type: RestorableType): string[] {
  return FIELD_SPECS[type].flatMap((spec) => (spec.key === "alias" ? [] : spec.type === "moment" ? [spec.key, spec.precisionKey] : [spec.key]));
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The row's version, deletion and protection now, read inside the caller's transaction. */
export async function currentState(client: Tx | Prisma.TransactionClient, storyId: string, type: string, id: string) {
  if (!(type in TABLES)) return null;
  const table = Prisma.raw(TABLES[type as RestorableType]);
  const storyColumn = Prisma.raw(type === "story" ? "id" : "story_id");
  const [row] = await client.$queryRaw<{ version: number; deleted: boolean; row: Record<string, unknown> }[]>`
    SELECT version, deleted_at IS NOT NULL AS deleted, to_jsonb(t) AS row
      FROM ${table} t WHERE id = ${id}::uuid AND ${storyColumn} = ${storyId}::uuid`;
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
    if (type === "source") {
      const involved = [current.row.protection, revision.snapshot.protection].includes("confidential") || current.row.contact !== revision.snapshot.contact;
      if (involved && !maySeeProtected(access, String(current.row.logged_by_id))) {
        throw new AppError("FORBIDDEN", { message: "Only the story's leads and the reporter who logged this source can restore its protected details." });
      }
    }
    const columns = restoredColumns(type);
    const list = Prisma.raw(columns.map(quoted).join(", "));
    const table = Prisma.raw(TABLES[type]);
    const storyColumn = Prisma.raw(type === "story" ? "id" : "story_id");
    // The story itself is never deleted from here; entries come back undeleted.
    const undelete = type === "story" ? Prisma.empty : Prisma.sql`, deleted_at = NULL`;
    const unchanged = columns.every((column) => JSON.stringify(current.row[column] ?? null) === JSON.stringify(revision.snapshot[column] ?? null));
    if (unchanged && !(type !== "story" && current.deleted)) return { version: current.version, changed: false };
    const [updated] = await tx.$queryRaw<{ version: number }[]>`
      UPDATE ${table} AS t
         SET (${list}) = (SELECT ${list} FROM jsonb_populate_record(NULL::${table}, ${JSON.stringify(revision.snapshot)}::jsonb))
             ${undelete}, version = t.version + 1, updated_at = now()
       WHERE t.id = ${input.entityId}::uuid AND t.${storyColumn} = ${access.storyId}::uuid AND t.version = ${input.version}
       RETURNING version`;
    if (!updated) throw new AppError("CONFLICT");
    return { version: updated.version, changed: true };
  });
}
