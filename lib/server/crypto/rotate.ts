import "server-only";
import { db } from "@/lib/db";
import { deskKeys, unwrapDataKey, wrapDataKey } from "./keys";

// Rotating the desk key (`npm run keys:rotate`): every data key still wrapped by an older desk
// key is unwrapped and wrapped again under the current one, a batch per transaction. Only
// `source_keys` changes — no sealed value and no tracked row is rewritten, so the ledger is
// untouched — and each batch commits on its own, so an interrupted rotation resumes where it
// stopped (the rows still to do are those not wrapped by the current key). See ARCHITECTURE.md.

export type KeyCensus = { current: string; byDeskKey: Record<string, number>; burned: number };

/** How many data keys each desk key wraps (and how many were burned). */
export async function keyCensus(): Promise<KeyCensus> {
  const rows = await db().$queryRaw<{ desk_key_id: string | null; keys: number }[]>`
    SELECT desk_key_id, count(*)::int AS keys FROM source_keys GROUP BY desk_key_id ORDER BY desk_key_id`;
  return {
    current: deskKeys().current.id,
    byDeskKey: Object.fromEntries(rows.flatMap((row) => (row.desk_key_id ? [[row.desk_key_id, row.keys] as const] : []))),
    burned: rows.find((row) => row.desk_key_id === null)?.keys ?? 0,
  };
}

export type RotationProgress = { done: number; total: number };

/** Re-wraps every data key not under the current desk key; returns how many it re-wrapped. */
export async function rotateDataKeys(options: { batchSize?: number; onProgress?: (progress: RotationProgress) => void } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  const current = deskKeys().current.id;
  const [{ total } = { total: 0 }] = await db().$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS total FROM source_keys WHERE desk_key_id IS NOT NULL AND desk_key_id <> ${current}`;
  let done = 0;
  for (;;) {
    const rewrapped = await db().$transaction(
      async (tx) => {
        // Locked in a fixed order: a write sealing with one of these keys (keyForWrite) waits, and so do we.
        const batch = await tx.$queryRaw<{ source_id: string; key_version: number; wrapped_key: string }[]>`
          SELECT source_id::text, key_version, wrapped_key FROM source_keys
           WHERE desk_key_id IS NOT NULL AND desk_key_id <> ${current}
           ORDER BY source_id LIMIT ${batchSize} FOR UPDATE`;
        if (batch.length === 0) return 0;
        const wrapped = batch.map((row) => wrapDataKey(unwrapDataKey(row.wrapped_key, row.source_id, row.key_version), row.source_id, row.key_version));
        await tx.$executeRaw`
          UPDATE source_keys k SET wrapped_key = w.wrapped_key, desk_key_id = w.desk_key_id, rewrapped_at = now()
            FROM unnest(${batch.map((row) => row.source_id)}::uuid[], ${wrapped.map((w) => w.wrapped)}::text[], ${wrapped.map((w) => w.deskKeyId)}::text[])
                 AS w(source_id, wrapped_key, desk_key_id)
           WHERE k.source_id = w.source_id AND k.wrapped_key IS NOT NULL`;
        return batch.length;
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
    if (rewrapped === 0) return done;
    done += rewrapped;
    options.onProgress?.({ done, total: Math.max(total, done) });
  }
}
