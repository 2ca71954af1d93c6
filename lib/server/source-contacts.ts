import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { recordSensitiveRead } from "@/lib/server/audit";
import { decryptField } from "@/lib/server/crypto/fields";
import { maySeeProtected, sourceFieldContext as context } from "@/lib/server/sources";

// How to reach a source: the most sensitive field. Read only here, for those who may see it,
// and every read is recorded (a reveal in the app; a dossier export records itself).

export async function revealContact(user: SessionUser, storyId: string, sourceId: string): Promise<string | null> {
  const access = await storyAccessFor(user, storyId, "reader");
  const source = await db().source.findFirst({ where: { id: sourceId, storyId: access.storyId }, select: { id: true, contact: true, loggedById: true } });
  if (!source) throw new AppError("NOT_FOUND");
  if (!maySeeProtected(access, source.loggedById)) {
    throw new AppError("FORBIDDEN", { message: "Only the story's leads and the reporter who logged this source can see how to reach them." });
  }
  await recordSensitiveRead(db(), { kind: "reveal", storyId: access.storyId, actorId: user.id, entityType: "source", entityId: source.id, field: "contact" });
  return source.contact ? decryptField(source.contact, context(source.id, "contact")) : null;
}

/**
 * How to reach each source, for a lead's unredacted dossier: only sources whose protected
 * fields this access may see. The caller records the export (lib/server/audit.ts).
 */
export async function contactsFor(access: StoryAccess, ids: string[]): Promise<Map<string, string>> {
  const rows = ids.length
    ? await db().source.findMany({ where: { storyId: access.storyId, id: { in: ids }, contact: { not: null } }, select: { id: true, contact: true, loggedById: true } })
    : [];
  return new Map(rows.flatMap((row) => (maySeeProtected(access, row.loggedById) ? [[row.id, decryptField(row.contact!, context(row.id, "contact"))] as const] : [])));
}
