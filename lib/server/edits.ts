import "server-only";
import type { Tx } from "@/lib/db";
import { entryModule, type ViewOf } from "@/lib/entry-kinds";
import { KINDS, type EntryKind } from "@/lib/entry-kinds/kinds";
import { EntryNames, knownNames, lookupsOf } from "@/lib/entry-kinds/names";
import { loadEntry, presentSnapshots } from "@/lib/entry-kinds/read";
import { rowFromSnapshot, snapshotsById, type Snapshot } from "@/lib/entry-kinds/snapshot";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser, StoryAccess } from "@/lib/server/access";
import { editWithRevision, writeWithRevision } from "@/lib/server/ledger";
import { notifyMentions, type MentionText } from "@/lib/server/notifications/mentions";

// Writing entries (writeEntry), and the guard every edit of a versioned row starts with, inside
// writeWithRevision: load the row as it is now (the story's chain lock, taken first by
// writeWithRevision, holds every other write of the story off until this one commits, so what
// is read here stays true), make sure the user may change it, refuse a stale edit with the
// latest state (the form shows it beside what the user typed), refuse an edit of a row deleted
// meanwhile — then save only what changed (saveChanges).

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

/**
 * The fields of `next` that differ from `current` (dates, arrays and JSON compared by value).
 * A field `next` leaves undefined is unchanged: an update changes only what it names.
 */
export function changedFields<T extends Record<string, unknown>>(current: T, next: Partial<T>): Partial<T> {
  const same = (a: unknown, b: unknown) =>
    a instanceof Date || b instanceof Date
      ? (a as Date | null)?.getTime?.() === (b as Date | null)?.getTime?.()
      : JSON.stringify(a) === JSON.stringify(b);
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => value !== undefined && !same(current[key], value))) as Partial<T>;
}

/**
 * An entry an edit starts from (its row as Prisma gives it), after the checks every edit makes;
 * a CONFLICT carries the entry as its panel shows it. Inside the edit's transaction. `loaded`:
 * the entry as the transaction's first statement read it (writeEntry's `editing`), so it is not
 * read twice.
 */
export async function loadEntryForEdit<Row extends Versioned>(
  tx: Tx,
  access: StoryAccess,
  kind: EntryKind,
  id: string,
  version: number,
  check?: (row: Row) => void,
  loaded?: Snapshot | null,
): Promise<Row> {
  const snapshot = loaded !== undefined && loaded?.id === id ? Promise.resolve(loaded) : snapshotsById(kind, access.storyId, [id], tx).then(([row]) => row ?? null);
  const load = snapshot.then((row) => (row ? rowFromSnapshot<Row>(row) : null));
  return loadForEdit(load, version, { noun: KINDS[kind].noun, latest: () => loadEntry(access, kind, id, tx), check });
}

const column = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const camel = (name: string) => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

export type Saved<Row> = {
  changes: Partial<Row>;
  /** The new version; null when nothing changed (nothing was written). */
  version: number | null;
  /** The row as the update left it (null when nothing was written): the reply needs no second read. */
  snapshot: Snapshot | null;
};

/**
 * Writes the fields of `next` that differ from the entry as loaded (nothing if none), as the
 * next version — refused (CONFLICT) if another edit got there first.
 */
export async function saveChanges<Row extends { id: string; version: number }>(tx: Tx, kind: EntryKind, current: Row, next: Partial<Row>): Promise<Saved<Row>> {
  const changes = changedFields(current, next);
  if (Object.keys(changes).length === 0) return { changes, version: null, snapshot: null };
  const table = Prisma.raw(KINDS[kind].table);
  const columns = Prisma.raw(Object.keys(changes).map((field) => `"${column(field)}"`).join(", "));
  const values = JSON.stringify(Object.fromEntries(Object.entries(changes).map(([field, value]) => [column(field), value])));
  const [updated] = await tx.$queryRaw<{ version: number; snapshot: Snapshot }[]>`
    UPDATE ${table} AS t
       SET (${columns}) = (SELECT ${columns} FROM jsonb_populate_record(NULL::${table}, ${values}::jsonb)), version = t.version + 1, updated_at = now()
     WHERE t.id = ${current.id}::uuid AND t.version = ${current.version}
     RETURNING t.version, to_jsonb(t) AS snapshot`;
  if (!updated) throw new AppError("CONFLICT");
  return { changes, version: updated.version, snapshot: updated.snapshot };
}

/** What an entry's write did: which entry, how it stood before an edit, and (from saveChanges) how it stands now. */
export type EntryWritten = { id: string; before?: Record<string, unknown>; after?: Snapshot | null };

/**
 * A write of one entry by a writer of its story (contributor or lead): one transaction that
 * records its revision, notifies members newly @mentioned in its rich text (the kind says
 * which), and replies with the entry as its panel shows it. `write` makes the change and
 * names the entry (and, for an edit, how it stood before and after). The access check, the
 * actor, the chain lock and — for an edit, `editing` its id — the entry's row are one
 * statement (writeWithRevision's `access`); `write` gets that row as `loaded`.
 */
export async function writeEntry<K extends EntryKind>(
  user: SessionUser,
  storyId: string,
  kind: K,
  reason: string | null,
  write: (tx: Tx, access: StoryAccess, loaded?: Snapshot | null) => Promise<EntryWritten>,
  editing?: string,
): Promise<ViewOf<K>> {
  const entry = editing === undefined ? undefined : { table: KINDS[kind].table, id: editing };
  const context = { actorId: user.id, storyId, reason, access: { isAdmin: user.role === "admin", minimum: "contributor" as const, entry } };
  const written = await writeWithRevision(context, async (tx, begun) => {
    const access: StoryAccess = { user, storyId: storyId.toLowerCase(), role: begun!.role, isMember: begun!.isMember };
    const { id, before, after } = await write(tx, access, entry ? begun!.entry : undefined);
    const [snapshot] = after ? [after] : await snapshotsById(kind, access.storyId, [id], tx);
    if (!snapshot) throw new AppError("NOT_FOUND");
    const kindModule = entryModule(kind);
    if (kindModule.mentions) {
      const { column: text, place, texts } = kindModule.mentions;
      // A kind whose rich text is sealed (a source's notes) opens it through the protection lens.
      const read = texts
        ? await texts(tx, access.storyId, before, snapshot)
        : { before: (before?.[camel(text)] ?? null) as MentionText, after: snapshot[text] as MentionText, audience: null };
      await notifyMentions(tx, {
        storyId: access.storyId,
        actorId: user.id,
        entityType: kind,
        entityId: id,
        version: Number(snapshot.version),
        where: place,
        before: read.before,
        after: read.after,
        onlyTo: read.audience,
      });
    }
    return { access, snapshot };
  });
  // The reply is the row as this write committed it, named as its reader may name it now: read
  // after the commit, on the pool (its lookups side by side), so the story's chain lock is not
  // held for it.
  const [view] = await presentSnapshots(written.access, kind, [written.snapshot]);
  return view!;
}

/**
 * An edit of an entry the kind can describe to the database (see editEntry): its id and the
 * version the user started from, the new values by field (as saveChanges takes them), the
 * fields whose change needs the transactional path's own work (`guarded`), and the fields
 * naming other entries of the story that the kind checks (`refs`: live ones only, when
 * `live`; whether changed or not, when `always`) — the same checks `write` makes.
 */
export type EntryEdit<Row> = {
  id: string;
  version: number;
  next: Partial<Row>;
  guarded?: (keyof Row & string)[];
  refs?: { field: keyof Row & string; kind: EntryKind; live?: boolean; always?: boolean }[];
};

/**
 * An edit of one entry, in one round trip when it can be (ledger's editWithRevision: one
 * statement checks access, names the actor, takes the chain lock, checks the version and the
 * references, and writes the changed fields, its revision with them), then the reply as
 * writeEntry gives it. The kind's rich text with @mentions is always guarded (notifying is
 * the transactional path's work). Anything the statement leaves — a stale or deleted entry, a
 * failed reference check, a guarded change — is done by writeEntry with `write`, which makes
 * every check again: the same errors, the same result.
 */
export async function editEntry<K extends EntryKind, Row>(
  user: SessionUser,
  storyId: string,
  kind: K,
  reason: string | null,
  edit: EntryEdit<Row>,
  write: (tx: Tx, access: StoryAccess, loaded?: Snapshot | null) => Promise<EntryWritten>,
): Promise<ViewOf<K>> {
  const mentions = entryModule(kind).mentions?.column;
  const outcome = await editWithRevision(
    { actorId: user.id, storyId, reason, access: { isAdmin: user.role === "admin", minimum: "contributor" } },
    {
      table: KINDS[kind].table,
      id: edit.id,
      version: edit.version,
      next: Object.fromEntries(Object.entries(edit.next).flatMap(([field, value]) => (value === undefined ? [] : [[column(field), value]]))),
      guarded: [...(edit.guarded ?? []).map(column), ...(mentions ? [mentions] : [])],
      refs: (edit.refs ?? []).map((ref) => ({ column: column(ref.field), table: KINDS[ref.kind].table, live: ref.live ?? false, always: ref.always ?? false })),
      lookups: lookupsOf(kind),
    },
  );
  if (!outcome.done) return writeEntry(user, storyId, kind, reason, write, edit.id);
  // The reply is named from what the statement read with the row (the protection lens runs
  // here, on the sources' rows and keys as read): no further round trip for what it covers.
  const access: StoryAccess = { user, storyId: storyId.toLowerCase(), role: outcome.begun.role, isMember: outcome.begun.isMember };
  const refs = [{ kind, snapshot: outcome.after }];
  const names = await EntryNames.load(access, refs, { live: true, known: knownNames(outcome.lookups) });
  const [view] = await presentSnapshots(access, kind, [outcome.after], { names });
  return view!;
}
