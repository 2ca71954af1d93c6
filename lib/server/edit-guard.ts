import "server-only";
import type { Tx } from "@/lib/db";
import { KINDS, type EntryKind } from "@/lib/entry-kinds/kinds";
import { loadEntry } from "@/lib/entry-kinds/read";
import { rowFromSnapshot, snapshotsById } from "@/lib/entry-kinds/snapshot";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { StoryAccess } from "@/lib/server/access";

// Every edit of a versioned row starts the same way, inside writeWithRevision: load the row as
// it is now (the story's chain lock, taken first by writeWithRevision, holds every other write
// of the story off until this one commits, so what is read here stays true), make sure the user
// may change it, refuse a stale edit with the latest state (the form shows it beside what the
// user typed), refuse an edit of a row deleted meanwhile — then write only what changed.

type Versioned = { version: number; deletedAt?: Date | null };

export type EditGuard<Row> = {
  /** What the row is called in messages ("question", "timeline event"). */
  noun: string;
  /** The latest state, sent back with a CONFLICT. */
  latest: (row: Row) => Promise<unknown> | unknown;
  /** Throws if this user may not change this row (FORBIDDEN). */
  check?: (row: Row) => void;
  /** When a deleted row cannot be restored by its editor, say so instead. */
  deletedMessage?: string;
};

/** The row an edit starts from, after the checks every edit makes. */
export async function loadForEdit<Row extends Versioned>(load: Promise<Row | null>, version: number, guard: EditGuard<Row>): Promise<Row> {
  const current = await load;
  if (!current) throw new AppError("NOT_FOUND");
  guard.check?.(current);
  if (current.version !== version) throw new AppError("CONFLICT", { latest: await guard.latest(current) });
  if (current.deletedAt) {
    throw new AppError("CONFLICT", { message: guard.deletedMessage ?? `This ${guard.noun} was deleted meanwhile. Restore it to edit it.` });
  }
  return current;
}

/** The fields of `next` that differ from `current` (dates, arrays and JSON compared by value). */
export function changedFields<T extends Record<string, unknown>>(current: T, next: Partial<T>): Partial<T> {
  const same = (a: unknown, b: unknown) =>
    a instanceof Date || b instanceof Date
      ? (a as Date | null)?.getTime?.() === (b as Date | null)?.getTime?.()
      : JSON.stringify(a) === JSON.stringify(b);
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => !same(current[key], value))) as Partial<T>;
}

/**
 * An entry an edit starts from (its row as Prisma gives it), after the checks every edit makes;
 * a CONFLICT carries the entry as its panel shows it. Inside the edit's transaction.
 */
export async function loadEntryForEdit<Row extends Versioned>(
  tx: Tx,
  access: StoryAccess,
  kind: EntryKind,
  id: string,
  version: number,
  check?: (row: Row) => void,
): Promise<Row> {
  const load = snapshotsById(kind, access.storyId, [id], tx).then(([snapshot]) => (snapshot ? rowFromSnapshot<Row>(snapshot) : null));
  return loadForEdit(load, version, { noun: KINDS[kind].noun, latest: () => loadEntry(access, kind, id, tx), check });
}

const column = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export type Saved<Row> = { changes: Partial<Row>; /** The new version; null when nothing changed (nothing was written). */ version: number | null };

/**
 * Writes the fields of `next` that differ from the entry as loaded (nothing if none), as the
 * next version — refused (CONFLICT) if another edit got there first.
 */
export async function saveChanges<Row extends { id: string; version: number }>(tx: Tx, kind: EntryKind, current: Row, next: Partial<Row>): Promise<Saved<Row>> {
  const changes = changedFields(current, next);
  if (Object.keys(changes).length === 0) return { changes, version: null };
  const table = Prisma.raw(KINDS[kind].table);
  const columns = Prisma.raw(Object.keys(changes).map((field) => `"${column(field)}"`).join(", "));
  const values = JSON.stringify(Object.fromEntries(Object.entries(changes).map(([field, value]) => [column(field), value])));
  const [updated] = await tx.$queryRaw<{ version: number }[]>`
    UPDATE ${table} AS t
       SET (${columns}) = (SELECT ${columns} FROM jsonb_populate_record(NULL::${table}, ${values}::jsonb)), version = t.version + 1, updated_at = now()
     WHERE t.id = ${current.id}::uuid AND t.version = ${current.version}
     RETURNING t.version`;
  if (!updated) throw new AppError("CONFLICT");
  return { changes, version: updated.version };
}
