import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";

/** The steps of a verification (verify-ledger.ts); verifyChain alone is "links". */
export type LedgerStep = "links" | "checkpoints" | "coverage" | "rows";

/** One thing found wrong, in words: where (a revision, an entry), what, expected and found. */
export type LedgerProblem = {
  step: LedgerStep;
  /** The revision (chain position) it concerns, when there is one. */
  seq?: number;
  /** The entry it concerns, when there is one (the live-row check). */
  entity?: { type: string; id: string };
  problem: string;
  expected: string;
  found: string;
};

export type ChainVerification = {
  chain: string;
  storyId: string | null;
  revisions: number;
  headHash: string | null;
  ok: boolean;
  /** The first problem (for the hash chain alone: the first broken link), when not ok. */
  broken?: LedgerProblem;
  /** Every problem found (verifyChain stops at the first broken link). */
  problems: LedgerProblem[];
  /** The signed checkpoints the chain was checked against (verifyLedgerChain only). */
  checkpoints?: { verified: number; latest: { seq: number; signedAt: string } | null };
};

const GENESIS = "0".repeat(64);
const BATCH = 5000;

type Row = { seq: bigint; prev_hash: string; hash: string; canonical: string };

/**
 * Recomputes a chain from the stored rows. The canonical text is rebuilt here from
 * PostgreSQL core functions only (not the ledger_canonical() the trigger uses), so a
 * replaced database function cannot vouch for itself.
 */
export async function verifyChain(chain: string): Promise<ChainVerification> {
  const head = await db().revisionChain.findUnique({ where: { chain } });
  let expectedSeq = 1n;
  let prevHash = GENESIS;
  let count = 0;
  const fail = (seq: bigint, problem: string, expected: string, found: string): ChainVerification => {
    const broken: LedgerProblem = { step: "links", seq: Number(seq), problem, expected, found };
    return { chain, storyId: head?.storyId ?? null, revisions: count, headHash: head?.headHash ?? null, ok: false, broken, problems: [broken] };
  };

  for (;;) {
    const rows = await db().$queryRaw<Row[]>`
      SELECT seq, prev_hash, hash,
             jsonb_build_object(
               'v', 1, 'chain', chain, 'seq', seq, 'entity_type', entity_type, 'entity_id', entity_id,
               'action', action::text, 'actor_id', actor_id, 'reason', reason,
               'changed_fields', to_jsonb(changed_fields), 'snapshot', snapshot,
               'created_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
               'prev_hash', prev_hash
             )::text AS canonical
        FROM revisions
       WHERE chain = ${chain} AND seq >= ${expectedSeq}
       ORDER BY seq
       LIMIT ${BATCH}`;
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return fail(expectedSeq, "missing revision (gap in the sequence)", `seq ${expectedSeq}`, `seq ${row.seq}`);
      }
      if (row.prev_hash !== prevHash) {
        return fail(row.seq, "previous-hash link broken", prevHash, row.prev_hash);
      }
      const computed = createHash("sha256").update(row.canonical, "utf8").digest("hex");
      if (computed !== row.hash) {
        return fail(row.seq, "content does not match its hash", computed, row.hash);
      }
      prevHash = row.hash;
      expectedSeq += 1n;
      count += 1;
    }
    if (rows.length < BATCH) break;
  }

  const lastSeq = expectedSeq - 1n;
  if (!head) {
    if (count === 0) return { chain, storyId: null, revisions: 0, headHash: null, ok: true, problems: [] };
    return fail(lastSeq, "chain head is missing", prevHash, "none");
  }
  if (head.seq !== lastSeq) {
    return fail(head.seq, "chain head points past the last revision (revisions removed)", `seq ${lastSeq}`, `seq ${head.seq}`);
  }
  if (head.headHash !== prevHash) {
    return fail(lastSeq, "chain head hash does not match the last revision", prevHash, head.headHash);
  }
  return { chain, storyId: head.storyId, revisions: count, headHash: head.headHash, ok: true, problems: [] };
}
