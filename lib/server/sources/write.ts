import "server-only";
import { randomUUID } from "node:crypto";
import type { SourceView } from "@/lib/entry-kinds/source";
import type { Source } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/server/access";
import { loadEntryForEdit, saveChanges, writeEntry } from "@/lib/server/edits";
import { parseInput } from "@/lib/validations/parse";
import {
  burnSourceSchema,
  createSourceSchema,
  lowerProtectionSchema,
  updateSourceSchema,
  type BurnSourceInput,
  type CreateSourceInput,
  type LowerProtectionInput,
  type UpdateSourceInput,
} from "@/lib/validations/sources";
import { assertMayLower, burnChanges, sealNewSource, sealedChanges } from "./protection";

// Logging and editing sources. Their identity is sealed, checked and aliased by the protection
// lens (./protection); everything else is an edit like any other.

export async function createSource(user: SessionUser, raw: CreateSourceInput): Promise<SourceView> {
  const input = parseInput(createSourceSchema, raw);
  return writeEntry(user, input.storyId, "source", null, async (tx, access) => {
    const id = randomUUID();
    const open = { kind: input.kind, reliability: input.reliability, protection: input.protection };
    return tx.source.create({ data: { id, storyId: access.storyId, ...(await sealNewSource(tx, access, id, input)), ...open, loggedById: user.id }, select: { id: true } });
  });
}

/**
 * Edits a source: only the fields the input names change (nothing defaults). A member who may
 * not see its protected fields cannot change them; nobody lowers its protection here.
 */
export async function updateSource(user: SessionUser, raw: UpdateSourceInput): Promise<SourceView> {
  const input = parseInput(updateSourceSchema, raw);
  return writeEntry(user, input.storyId, "source", input.reason || null, async (tx, access, loaded) => {
    const current = await loadEntryForEdit<Source>(tx, access, "source", input.sourceId, input.version, undefined, loaded);
    const open = { kind: input.kind, reliability: input.reliability, protection: input.protection };
    const saved = await saveChanges(tx, "source", current, { ...(await sealedChanges(tx, access, current, input)), ...open });
    return { id: current.id, before: current, after: saved.snapshot };
  }, input.sourceId);
}

/** A story lead lowers a source's protection, with a reason kept in the revision. */
export async function lowerSourceProtection(user: SessionUser, raw: LowerProtectionInput): Promise<SourceView> {
  const input = parseInput(lowerProtectionSchema, raw);
  return writeEntry(user, input.storyId, "source", input.reason, async (tx, access, loaded) => {
    const current = await loadEntryForEdit<Source>(tx, access, "source", input.sourceId, input.version, undefined, loaded);
    assertMayLower(access, current, input.protection);
    const saved = await saveChanges(tx, "source", current, { protection: input.protection });
    return { id: current.id, before: current, after: saved.snapshot };
  }, input.sourceId);
}

/**
 * A story lead burns a source: its data key is destroyed, its identity emptied, with a reason,
 * as one revision — from then on nobody (leads and the desk key's holders included) can read
 * who it was, in the entry, in any past revision or in any backup taken afterwards.
 */
export async function burnSource(user: SessionUser, raw: BurnSourceInput): Promise<SourceView> {
  const input = parseInput(burnSourceSchema, raw);
  return writeEntry(user, input.storyId, "source", input.reason, async (tx, access, loaded) => {
    const current = await loadEntryForEdit<Source>(tx, access, "source", input.sourceId, input.version, undefined, loaded);
    const saved = await saveChanges(tx, "source", current, await burnChanges(tx, access, current));
    return { id: current.id, before: current, after: saved.snapshot };
  }, input.sourceId);
}
