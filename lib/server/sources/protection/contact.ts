import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { recordSensitiveRead } from "@/lib/server/audit";
import { loadSourceKeys } from "./keyring";
import { openValue } from "./open";
import { maySeeProtected } from "./rule";

// Contact details: never sent with lists, never shown in history; read one at a time by those
// who may see the source, and every read is recorded.

/** Shows a source's contact details to a permitted member, and records that they did. */
export async function revealContact(user: SessionUser, storyId: string, sourceId: string): Promise<string | null> {
  const access = await storyAccessFor(user, storyId, "reader");
  const source = await db().source.findFirst({ where: { id: sourceId, storyId: access.storyId }, select: { id: true, contact: true, loggedById: true, burnedAt: true } });
  if (!source) throw new AppError("NOT_FOUND");
  if (!maySeeProtected(access, source.loggedById)) {
    throw new AppError("FORBIDDEN", { message: "Only the story's leads and the reporter who logged this source can see how to reach them." });
  }
  if (source.burnedAt) throw new AppError("CONFLICT", { message: "This source was burned: how to reach them was destroyed with its identity." });
  await recordSensitiveRead(db(), { kind: "reveal", storyId: access.storyId, actorId: user.id, entityType: "source", entityId: source.id, field: "contact" });
  if (!source.contact) return null;
  const contact = openValue((await loadSourceKeys([source.id])).get(source.id), source.id, "contact", source.contact);
  if (contact === null) throw new Error("a source's contact details could not be opened with the configured keys");
  return contact;
}

/** How to reach each source, for a lead's unredacted dossier (the caller records the export). */
export async function contactsFor(access: StoryAccess, ids: string[]): Promise<Map<string, string>> {
  const rows = ids.length
    ? await db().source.findMany({ where: { storyId: access.storyId, id: { in: ids }, contact: { not: null } }, select: { id: true, contact: true, loggedById: true } })
    : [];
  const permitted = rows.filter((row) => maySeeProtected(access, row.loggedById));
  const keys = await loadSourceKeys(permitted.map((row) => row.id));
  return new Map(
    permitted.flatMap((row) => {
      const contact = openValue(keys.get(row.id), row.id, "contact", row.contact);
      return contact ? [[row.id, contact] as const] : [];
    }),
  );
}
