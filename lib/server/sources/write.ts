import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db";
import { loadEntry } from "@/lib/entry-kinds/read";
import type { SourceView } from "@/lib/entry-kinds/source";
import type { Prisma, Source } from "@/lib/generated/prisma/client";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { loadEntryForEdit, saveChanges } from "@/lib/server/edit-guard";
import { writeWithRevision } from "@/lib/server/ledger";
import { notifyMentions } from "@/lib/server/notifications/mentions";
import { parseInput } from "@/lib/validations/parse";
import { createSourceSchema, updateSourceSchema, type CreateSourceInput, type UpdateSourceInput } from "@/lib/validations/sources";
import { publicSourceLabel, sealNewSource, sealedChanges } from "./protection";

// Logging and editing sources. Their protected fields are sealed, checked and aliased by the
// protection lens (./protection.ts); everything else is an edit like any other.

/** Notifies members newly @mentioned in a source's notes (inside the write's transaction). */
async function notifyNoteMentions(tx: Tx, access: StoryAccess, view: SourceView, before: RichTextDoc | null) {
  await notifyMentions(tx, {
    storyId: access.storyId,
    actorId: access.user.id,
    entityType: "source",
    entityId: view.id,
    version: view.version,
    where: "notes",
    entryLabel: publicSourceLabel({ name: view.displayName, protection: view.protection, alias: view.alias }),
    before,
    after: view.notes,
  });
}

export async function createSource(user: SessionUser, raw: CreateSourceInput): Promise<SourceView> {
  const input = parseInput(createSourceSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const id = randomUUID();
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    await tx.source.create({
      data: {
        id,
        storyId: access.storyId,
        ...(await sealNewSource(tx, access.storyId, id, input)),
        kind: input.kind,
        link: input.link,
        notes: input.notes,
        reliability: input.reliability,
        protection: input.protection,
        loggedById: user.id,
      },
    });
    const view = await loadEntry(access, "source", id, tx);
    await notifyNoteMentions(tx, access, view, null);
    return view;
  });
}

/**
 * Edits a source. Protected fields left undefined stay as they are; a member who may not see
 * them cannot change them, nor lower a confidential source's protection.
 */
export async function updateSource(user: SessionUser, raw: UpdateSourceInput): Promise<SourceView> {
  const input = parseInput(updateSourceSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const current = await loadEntryForEdit<Source>(tx, access, "source", input.sourceId, input.version);
    const { changes } = await saveChanges(tx, "source", current, {
      ...(await sealedChanges(tx, access, current, input)),
      kind: input.kind,
      link: input.link,
      notes: input.notes as Prisma.JsonValue,
      reliability: input.reliability,
      protection: input.protection,
    });
    const view = await loadEntry(access, "source", current.id, tx);
    if (changes.notes !== undefined) await notifyNoteMentions(tx, access, view, current.notes as RichTextDoc);
    return view;
  });
}
