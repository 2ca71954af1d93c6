import "server-only";
import { db } from "@/lib/db";
import { KIND_MODULES } from "@/lib/entry-kinds";
import { KINDS, isTrackedKind, type TrackedKind } from "@/lib/entry-kinds/kinds";
import { AppError } from "@/lib/errors";
import { id } from "@/lib/validations/common";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { diffDisplays, type FieldChange } from "./diff";
import { HistoryLens, type Snapshot } from "./lens";
import { currentState } from "./restore";

// One entry's history: every revision, newest first, each with word-level differences from
// the revision before it, who made it and why, and whether it can be brought back.

export type EntryRevision = {
  seq: number;
  at: Date;
  actorName: string;
  action: "create" | "update" | "delete" | "restore";
  reason: string | null;
  hash: string;
  changes: FieldChange[];
};

export type EntryHistory = {
  entityType: TrackedKind;
  entityId: string;
  kindLabel: string;
  /** The entry's name now (or as last recorded). */
  label: string;
  current: { version: number; deleted: boolean };
  /** May this reader restore versions of this entry? */
  canRestore: boolean;
  revisions: EntryRevision[];
};

export async function entryHistory(user: SessionUser, storyId: string, entityType: string, entityId: string, timeZone: string): Promise<EntryHistory> {
  const access = await storyAccessFor(user, storyId, "reader");
  // Both come from the URL: anything but a kind and an id is an entry that does not exist.
  if (!isTrackedKind(entityType) || !id.safeParse(entityId).success) throw new AppError("NOT_FOUND");
  const rows = await db().revision.findMany({
    where: { chain: access.storyId, entityId, entityType },
    orderBy: { seq: "asc" },
    select: { seq: true, action: true, actorId: true, reason: true, changedFields: true, snapshot: true, createdAt: true, hash: true },
  });
  if (rows.length === 0) throw new AppError("NOT_FOUND");
  const snapshots = rows.map((row) => row.snapshot as Snapshot);
  const lens = await HistoryLens.load(
    access,
    snapshots.map((snapshot) => ({ entityType, snapshot })),
    timeZone,
    rows.map((row) => row.actorId),
  );
  const specs = KIND_MODULES[entityType].fields;
  const displays = snapshots.map((snapshot) => lens.display(entityType, snapshot));
  const revisions = rows.map(
    (row, index): EntryRevision => ({
      seq: Number(row.seq),
      at: row.createdAt,
      actorName: lens.userName(row.actorId),
      action: row.action,
      reason: row.reason,
      hash: row.hash,
      changes: diffDisplays(specs, index === 0 ? null : displays[index - 1]!, displays[index]!, index === 0 ? undefined : row.changedFields),
    }),
  );
  const latest = snapshots[snapshots.length - 1]!;
  const current = await currentState(db(), access.storyId, entityType, entityId);
  const writer = access.role !== "reader";
  const permitted = KIND_MODULES[entityType].mayRestore?.(access, snapshots) ?? true;
  return {
    entityType,
    entityId,
    kindLabel: KINDS[entityType].noun,
    label: lens.label(entityType, latest),
    current: { version: current?.version ?? Number(latest.version ?? 1), deleted: Boolean(current?.deleted) },
    canRestore: writer && KINDS[entityType].restorable && permitted,
    revisions: revisions.reverse(),
  };
}
