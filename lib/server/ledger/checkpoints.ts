import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { signCheckpoint, type SignedCheckpoint } from "./checkpoint-note";
import { deskSigner } from "./keys";
import { mirrorCheckpoint } from "./mirror";

// Making checkpoints: on every dossier export (of the revision it shows), on demand (an
// admin, `npm run audit:checkpoint`) and on a schedule (each chain that grew, once an
// interval). Each is signed, appended to ledger_checkpoints and mirrored outside the database.
//
// The desk never signs a state that contradicts what it signed before (as a transparency log
// must not): the chain's latest checkpoint at or below the revision being signed must still
// hold — the same hash at the same sequence — or signing is refused.

export type CheckpointOccasion = "export" | "on_demand" | "schedule";

export class CheckpointRefused extends AppError {
  constructor(readonly detail: string) {
    super("UNAVAILABLE", { message: `The ledger cannot be signed: ${detail} An administrator should verify the ledger (Admin → Ledger).` });
  }
}

type Diagnosis = { hash: string | null; cp_seq: bigint | null; cp_hash: string | null; hash_at_cp: string | null };

/** Why a checkpoint of revision `seq` (hash `hash`) was not stored, in words. */
async function whyRefused(chain: string, seq: number, hash: string | null): Promise<string> {
  const [row] = await db().$queryRaw<Diagnosis[]>`
    SELECT r.hash, cp.seq AS cp_seq, cp.head_hash AS cp_hash, at_cp.hash AS hash_at_cp
      FROM (SELECT 1) AS one
      LEFT JOIN revisions r ON r.chain = ${chain} AND r.seq = ${seq}
      LEFT JOIN LATERAL (SELECT seq, head_hash FROM ledger_checkpoints
                          WHERE chain = ${chain} AND seq <= ${seq} ORDER BY seq DESC, id DESC LIMIT 1) cp ON true
      LEFT JOIN revisions at_cp ON at_cp.chain = ${chain} AND at_cp.seq = cp.seq`;
  if (!row?.hash) return `revision #${seq} of this chain is missing.`;
  if (row.cp_seq !== null && row.hash_at_cp !== row.cp_hash) return `revision #${row.cp_seq} no longer has the hash the desk signed for it.`;
  if (hash !== null && row.hash !== hash) return `revision #${seq} changed while it was being signed.`;
  return `revision #${seq} could not be signed.`;
}

/**
 * Signs revision `seq` of `chain` (nothing is stored yet). `knownHash`: the revision's hash as
 * the caller already read it (an export, a chain head), saving a round trip; storeCheckpoint
 * checks it.
 */
export async function prepareCheckpoint(chain: string, seq: number, knownHash?: string | null): Promise<SignedCheckpoint> {
  const signer = deskSigner();
  const hash =
    knownHash ??
    (await db().revision.findUnique({ where: { chain_seq: { chain, seq: BigInt(seq) } }, select: { hash: true } }))?.hash ??
    null;
  if (!hash) throw new CheckpointRefused(await whyRefused(chain, seq, null));
  return signCheckpoint(signer, { chain, seq, headHash: hash, signedAt: new Date() });
}

/**
 * The call that stores a signed checkpoint, a boolean SQL expression: true once stored — only if
 * the revision still has the signed hash and the chain's latest earlier checkpoint still holds, so
 * nothing contradictory is ever stored (false, nothing inserted, when that does not hold). The
 * INSERT is `store_checkpoint()` (migration `…_i12_store_checkpoint_planned_once`), planned once
 * per connection. Used in a CTE by a caller that writes something else only if it was stored
 * (an export's record, sign.ts).
 */
export function checkpointStore(checkpoint: SignedCheckpoint, occasion: CheckpointOccasion, actorId: string | null): Prisma.Sql {
  const { chain, seq, headHash } = checkpoint;
  return Prisma.sql`store_checkpoint(${chain}, ${seq}::bigint, ${headHash}, ${checkpoint.signedAt}::timestamptz, ${checkpoint.keyName}, ${checkpoint.keyId}, ${checkpoint.note}, ${occasion}, ${actorId}::uuid)`;
}

/** After checkpointStore answered `stored`: mirrors the checkpoint, or says why it was refused (CheckpointRefused). */
export async function settleCheckpoint(checkpoint: SignedCheckpoint, stored: boolean): Promise<void> {
  if (!stored) throw new CheckpointRefused(await whyRefused(checkpoint.chain, checkpoint.seq, checkpoint.headHash));
  mirrorCheckpoint(checkpoint);
}

/** Stores a signed checkpoint (checkpointStore) and mirrors it. Refused: CheckpointRefused, saying why. */
export async function storeCheckpoint(checkpoint: SignedCheckpoint, occasion: CheckpointOccasion, actorId: string | null): Promise<void> {
  const [row] = await db().$queryRaw<{ stored: boolean }[]>`SELECT ${checkpointStore(checkpoint, occasion, actorId)} AS stored`;
  await settleCheckpoint(checkpoint, row?.stored === true);
}

/** Signs revision `seq` of `chain`, stores and mirrors the checkpoint. */
export async function makeCheckpoint(chain: string, seq: number, occasion: CheckpointOccasion, actorId: string | null, knownHash?: string | null): Promise<SignedCheckpoint> {
  const checkpoint = await prepareCheckpoint(chain, seq, knownHash);
  await storeCheckpoint(checkpoint, occasion, actorId);
  return checkpoint;
}

/** Signs a chain's head as it is now (on demand). A head that is not its last revision is refused. */
export async function checkpointHead(chain: string, occasion: CheckpointOccasion, actorId: string | null): Promise<SignedCheckpoint> {
  const [head] = await db().$queryRaw<{ seq: bigint; head_hash: string; last: bigint | null }[]>`
    SELECT c.seq, c.head_hash, (SELECT max(seq) FROM revisions WHERE chain = c.chain) AS last
      FROM revision_chains c WHERE c.chain = ${chain}`;
  if (!head) throw new AppError("NOT_FOUND");
  if (head.last !== head.seq) throw new CheckpointRefused("the chain head does not point at the chain's last revision.");
  return makeCheckpoint(chain, Number(head.seq), occasion, actorId, head.head_hash);
}

/**
 * Signs the head of every chain that grew since its latest checkpoint, where that checkpoint
 * is older than `minAgeMs` (or there is none). Returns what was signed and what was refused.
 */
export async function checkpointGrownChains(occasion: CheckpointOccasion, minAgeMs: number, actorId: string | null) {
  const since = new Date(Date.now() - minAgeMs);
  const grown = await db().$queryRaw<{ chain: string }[]>`
    SELECT c.chain FROM revision_chains c
      LEFT JOIN LATERAL (SELECT seq, signed_at FROM ledger_checkpoints k WHERE k.chain = c.chain ORDER BY seq DESC, id DESC LIMIT 1) k ON true
     WHERE c.seq > 0 AND (k.seq IS NULL OR (c.seq > k.seq AND k.signed_at <= ${since}))
     ORDER BY c.chain`;
  const signed: SignedCheckpoint[] = [];
  const refused: { chain: string; reason: string }[] = [];
  for (const { chain } of grown) {
    try {
      signed.push(await checkpointHead(chain, occasion, actorId));
    } catch (error) {
      if (!(error instanceof CheckpointRefused)) throw error;
      refused.push({ chain, reason: error.detail });
    }
  }
  return { signed, refused };
}

/** The stored checkpoints (all, or one chain's), oldest first, as notes. */
export async function storedCheckpoints(chain?: string): Promise<{ chain: string; note: string }[]> {
  return db().ledgerCheckpoint.findMany({
    where: chain ? { chain } : {},
    orderBy: [{ chain: "asc" }, { seq: "asc" }, { id: "asc" }],
    select: { chain: true, note: true },
  });
}
