import "server-only";
import { db, rawRows, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { newDataKey, unwrapDataKey, wrapDataKey } from "@/lib/server/crypto/keys";

// Each source's data key, as the lens needs it: loaded for a whole page in one query, unwrapped
// only when a field is actually opened for someone allowed to see it (a hidden source's key is
// never unwrapped for a reader), never cached beyond the request — so a burn on one instance
// holds on every other at once. `source_keys` is not tracked by the ledger: re-wrapping
// (rotation) and destroying (a burn) a key change no revision's hash.

export type KeyState =
  /** The source's data key (unwrapped on first use; null if no configured desk key opens it). */
  | { state: "key"; version: number; key: () => Buffer | null }
  /** Destroyed: when, and by whom (the source row's burned_by_id). */
  | { state: "burned"; at: Date | null; by: string | null }
  /** No key yet: a source from before issue 13 that the migration has not sealed (legacy values). */
  | { state: "none" };

export type SourceKeys = { get(sourceId: string): KeyState };

type KeyRow = { source_id: string; key_version: number; wrapped_key: string | null; burned_at: Date | null; burned_by: string | null };

function keyStateOf(row: KeyRow | undefined): KeyState {
  if (!row) return { state: "none" };
  if (row.wrapped_key === null) return { state: "burned", at: row.burned_at, by: row.burned_by };
  const wrapped = row.wrapped_key;
  let unwrapped: Buffer | null | undefined;
  return {
    state: "key",
    version: row.key_version,
    key: () => {
      if (unwrapped === undefined) {
        try {
          unwrapped = unwrapDataKey(wrapped, row.source_id, row.key_version);
        } catch {
          unwrapped = null;
        }
      }
      return unwrapped;
    },
  };
}

/**
 * Key rows of these sources read already by another statement (edit_entry's lookups, as JSON:
 * the same columns as loadSourceKeys' query, timestamps as text): a source among `sourceIds`
 * with no row has no key.
 */
export type KnownKeys = { sourceIds: readonly string[]; rows: readonly { source_id: string; key_version: number; wrapped_key: string | null; burned_at: string | Date | null; burned_by: string | null }[] };

/** The key rows of these sources (a statement of its own, or a subquery of another: EntryNames' lookups). */
export const keyRowsSql = (ids: string[]) => Prisma.sql`
  SELECT k.source_id::text AS source_id, k.key_version, k.wrapped_key, k.burned_at, u.name AS burned_by
    FROM source_keys k
    LEFT JOIN sources s ON s.id = k.source_id
    LEFT JOIN users u ON u.id = s.burned_by_id
   WHERE k.source_id = ANY(${ids}::uuid[])`;

const keyRows = (ids: string[], client: Tx) => rawRows<KeyRow>(keyRowsSql(ids), client);

/** The key rows of these sources, read ahead (beside other lookups of the same request) for loadSourceKeys' `known`. */
export async function readSourceKeys(ids: Iterable<string>, client: Tx = db()): Promise<KnownKeys> {
  const sourceIds = [...new Set(ids)].filter(Boolean);
  return { sourceIds, rows: sourceIds.length ? await keyRows(sourceIds, client) : [] };
}

/** What `known` says of these sources only. */
export function knownKeysOf(known: KnownKeys, ids: Iterable<string>): KnownKeys {
  const wanted = new Set(ids);
  return { sourceIds: known.sourceIds.filter((id) => wanted.has(id)), rows: known.rows.filter((row) => wanted.has(row.source_id)) };
}

/** The keys of these sources, in one query (none for those `known` covers). */
export async function loadSourceKeys(ids: Iterable<string>, client: Tx = db(), known?: KnownKeys): Promise<SourceKeys> {
  const asked = new Set(known?.sourceIds);
  const wanted = [...new Set(ids)].filter((id) => id && !asked.has(id));
  const rows = wanted.length ? await keyRows(wanted, client) : [];
  const read = (known?.rows ?? []).map((row): KeyRow => ({ ...row, burned_at: row.burned_at === null ? null : new Date(row.burned_at) }));
  const states = new Map([...read, ...rows].map((row) => [row.source_id, keyStateOf(row)]));
  return { get: (sourceId) => states.get(sourceId) ?? { state: "none" } };
}

/**
 * One request's keys, read as its readers come to their sources (a dossier's entries, then its
 * change log's revisions, at once): each source's key row is read once for the request, and each
 * key unwrapped at most once, however many readers share it. Made per request by the lens that
 * holds it (SourceLens.forRequest): nothing here outlives the request.
 */
export class RequestKeys implements SourceKeys {
  private readonly states = new Map<string, KeyState>();
  /** Each source's read: done, or under way for another reader (awaited, not read again). */
  private readonly reads = new Map<string, Promise<void>>();

  /** Reads the keys of these sources not read yet for this request (none for those `known` covers). */
  async include(ids: Iterable<string>, client: Tx, known?: KnownKeys): Promise<void> {
    const wanted = [...new Set(ids)].filter(Boolean);
    const fresh = wanted.filter((id) => !this.reads.has(id));
    if (fresh.length) {
      const read = loadSourceKeys(fresh, client, known && knownKeysOf(known, fresh)).then((keys) => fresh.forEach((id) => this.states.set(id, keys.get(id))));
      fresh.forEach((id) => this.reads.set(id, read));
    }
    await Promise.all(new Set(wanted.map((id) => this.reads.get(id)!)));
  }

  get(sourceId: string): KeyState {
    return this.states.get(sourceId) ?? { state: "none" };
  }
}

export type WritableKey = { version: number; key: Buffer; created: boolean };

/** A new source's data key, wrapped and stored (the row's foreign key is checked at commit, after the source's insert). */
export async function createSourceKey(tx: Tx, sourceId: string): Promise<WritableKey> {
  const key = newDataKey();
  const { deskKeyId, wrapped } = wrapDataKey(key, sourceId, 1);
  await tx.$executeRaw`
    INSERT INTO source_keys (source_id, key_version, wrapped_key, desk_key_id) VALUES (${sourceId}::uuid, 1, ${wrapped}, ${deskKeyId})`;
  return { version: 1, key, created: true };
}

/**
 * The data key to seal a source's fields with, inside a write (locked: a burn or a rotation of
 * the same key waits for this write). A source without one (not yet migrated) gets one; a
 * burned source has none (CONFLICT); a key no configured desk key opens is a configuration
 * problem, not the user's (thrown as is: a generic error, logged).
 */
export async function keyForWrite(tx: Tx, sourceId: string): Promise<WritableKey> {
  const [row] = await tx.$queryRaw<KeyRow[]>`
    SELECT source_id::text, key_version, wrapped_key, burned_at, NULL::text AS burned_by FROM source_keys WHERE source_id = ${sourceId}::uuid FOR UPDATE`;
  if (!row) return createSourceKey(tx, sourceId);
  if (row.wrapped_key === null) {
    throw new AppError("CONFLICT", { message: "This source was burned: its identity was destroyed and cannot be written again." });
  }
  return { version: row.key_version, key: unwrapDataKey(row.wrapped_key, sourceId, row.key_version), created: false };
}

/** Destroys a source's data key (its row stays, as a tombstone of when). Returns false if it was burned already. */
export async function destroySourceKey(tx: Tx, sourceId: string): Promise<boolean> {
  const burned = await tx.$executeRaw`
    INSERT INTO source_keys (source_id, key_version, wrapped_key, desk_key_id, burned_at) VALUES (${sourceId}::uuid, 1, NULL, NULL, now())
    ON CONFLICT (source_id) DO UPDATE SET wrapped_key = NULL, desk_key_id = NULL, burned_at = now()
     WHERE source_keys.wrapped_key IS NOT NULL`;
  return burned > 0;
}
