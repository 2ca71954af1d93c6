import "server-only";
import { randomUUID } from "node:crypto";
import type { SourceView } from "@/lib/entry-kinds/source";
import type { Prisma, Source } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/server/access";
import { loadEntryForEdit, saveChanges, writeEntry } from "@/lib/server/edits";
import { parseInput } from "@/lib/validations/parse";
import { createSourceSchema, updateSourceSchema, type CreateSourceInput, type UpdateSourceInput } from "@/lib/validations/sources";
import { sealNewSource, sealedChanges } from "./protection";

// Logging and editing sources. Their protected fields are sealed, checked and aliased by the
// protection lens (./protection.ts); everything else is an edit like any other.

export async function createSource(user: SessionUser, raw: CreateSourceInput): Promise<SourceView> {
  const input = parseInput(createSourceSchema, raw);
  return writeEntry(user, input.storyId, "source", null, async (tx, access) => {
    const id = randomUUID();
    const open = { kind: input.kind, link: input.link, notes: input.notes, reliability: input.reliability, protection: input.protection };
    return tx.source.create({ data: { id, storyId: access.storyId, ...(await sealNewSource(tx, access.storyId, id, input)), ...open, loggedById: user.id }, select: { id: true } });
  });
}

/**
 * Edits a source. Protected fields left undefined stay as they are; a member who may not see
 * them cannot change them, nor lower a confidential source's protection.
 */
export async function updateSource(user: SessionUser, raw: UpdateSourceInput): Promise<SourceView> {
  const input = parseInput(updateSourceSchema, raw);
  return writeEntry(user, input.storyId, "source", input.reason || null, async (tx, access) => {
    const current = await loadEntryForEdit<Source>(tx, access, "source", input.sourceId, input.version);
    const open = { kind: input.kind, link: input.link, notes: input.notes as Prisma.JsonValue, reliability: input.reliability, protection: input.protection };
    await saveChanges(tx, "source", current, { ...(await sealedChanges(tx, access, current, input)), ...open });
    return { id: current.id, before: current };
  });
}
