// Tampering with the ledger as the database's owner would: connected as the superuser, with
// triggers switched off for the session (session_replication_role = replica), and — for the
// forgeries the hash chain alone cannot reveal — every later hash and the chain head recomputed
// exactly as record_revision() computes them (with the database's own ledger_canonical()).
import type pg from "pg";
import { withSuperuserClient } from "./db";

export function asOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  // A superuser: on a server where the owner is not one (PostgreSQL 15 in CI), only a superuser
  // may set session_replication_role.
  return withSuperuserClient(async (client) => {
    await client.query("SET session_replication_role = replica");
    return work(client);
  });
}

export const tamper = (sql: string, params: unknown[] = []) => asOwner((client) => client.query(sql, params));

/** Recomputes prev_hash and hash of every revision of `chain` from `fromSeq` on, and the head. */
export async function rechain(client: pg.Client, chain: string, fromSeq: number): Promise<void> {
  // (Ordered by the bigint, not by its text.)
  const { rows } = await client.query<{ seq: string }>("SELECT r.seq::text AS seq FROM revisions r WHERE r.chain = $1 AND r.seq >= $2 ORDER BY r.seq", [chain, fromSeq]);
  const before = await client.query<{ hash: string }>("SELECT hash FROM revisions WHERE chain = $1 AND seq = $2", [chain, fromSeq - 1]);
  let prev = before.rows[0]?.hash ?? "0".repeat(64);
  for (const { seq } of rows) {
    const updated = await client.query<{ hash: string }>(
      `UPDATE revisions SET prev_hash = $3,
              hash = encode(sha256(convert_to(ledger_canonical(chain, seq, entity_type, entity_id, action::text, actor_id, reason,
                                                               changed_fields, snapshot, created_at, $3), 'UTF8')), 'hex')
        WHERE chain = $1 AND seq = $2 RETURNING hash`,
      [chain, seq, prev],
    );
    prev = updated.rows[0]!.hash;
  }
  const last = await client.query<{ seq: string; hash: string }>("SELECT r.seq::text AS seq, r.hash FROM revisions r WHERE r.chain = $1 ORDER BY r.seq DESC LIMIT 1", [chain]);
  await client.query("UPDATE revision_chains SET seq = $2, head_hash = $3 WHERE chain = $1", [chain, last.rows[0]?.seq ?? 0, last.rows[0]?.hash ?? "0".repeat(64)]);
}

export type ForgedRevision = { entityType: string; entityId: string; actorId: string; reason: string; changedFields: string[]; snapshot: Record<string, unknown> };

/**
 * Inserts a forged revision at position `seq` of `chain` (later ones move up by one), dated
 * between its neighbours, then recomputes every later hash and the head: a history that is
 * consistent link by link, as record_revision() would have written it.
 */
export async function forgeRevision(chain: string, seq: number, forged: ForgedRevision): Promise<void> {
  await asOwner(async (client) => {
    // (chain, seq) is unique: move the tail out of the way and back, one higher.
    await client.query("UPDATE revisions SET seq = -seq WHERE chain = $1 AND seq >= $2", [chain, seq]);
    await client.query("UPDATE revisions SET seq = -seq + 1 WHERE chain = $1 AND seq < 0", [chain]);
    await client.query(
      `INSERT INTO revisions (chain, story_id, seq, entity_type, entity_id, action, actor_id, reason, changed_fields, snapshot, created_at, prev_hash, hash)
       SELECT $1, story_id, $2::bigint, $3, $4::uuid, 'update', $5::uuid, $6, $7::text[], $8::jsonb,
              created_at + (SELECT (n.created_at - created_at) / 2 FROM revisions n WHERE n.chain = $1 AND n.seq = $2::bigint + 1), '', ''
         FROM revisions WHERE chain = $1 AND seq = $2::bigint - 1`,
      [chain, seq, forged.entityType, forged.entityId, forged.actorId, forged.reason, forged.changedFields, JSON.stringify(forged.snapshot)],
    );
    await rechain(client, chain, seq);
  });
}
