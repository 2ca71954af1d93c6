import "server-only";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/server/access";
import { SENSITIVE_READ_COLUMNS, recordSensitiveRead, sensitiveReadValues, type SensitiveReadRecord } from "@/lib/server/audit";
import { CheckpointRefused, checkpointStore, prepareCheckpoint, settleCheckpoint, storeCheckpoint } from "@/lib/server/ledger/checkpoints";
import type { SignedCheckpoint } from "@/lib/server/ledger/checkpoint-note";
import { deskVerifierKey } from "@/lib/server/ledger/keys";
import { formatMoment } from "@/lib/time-zone";
import type { Dossier } from "./types";

// Every export carries the desk's signed checkpoint of the revision it shows (and leaves it in
// the checkpoint table and its mirrors). The copy is signed before it renders. Signing costs an
// export no round trip of its own: a JSON or Markdown copy (made in a millisecond) stores the
// checkpoint with the export's record (who exported what, the file's SHA-256) in one statement
// once made, the record only if the checkpoint was kept; a PDF (100 ms and more) stores it while
// it renders (storeDuringRender), then the record. When the ledger contradicts an earlier
// checkpoint the desk refuses to sign, and the copy says so instead of vouching for a rewritten
// history.

/**
 * checkpoint: what the copy carries; null when the copy is unsigned. early: the checkpoint's
 * store started during the render (null once kept, else why it was refused).
 */
export type DossierSignature = { checkpoint: SignedCheckpoint | null; actorId: string; early?: Promise<string | null> };

export function markUnsigned(dossier: Dossier, reason: string): void {
  delete dossier.checkpoint;
  dossier.unsigned = `Not signed: the desk's ledger no longer matches a checkpoint it signed earlier (${reason}) Do not rely on this copy; an administrator should verify the ledger.`;
}

/** Signs the revision the dossier shows and puts the signed checkpoint in it (nothing is stored yet). */
export async function signDossier(dossier: Dossier, revisionHash: string | null, user: SessionUser, timeZone: string): Promise<DossierSignature> {
  let checkpoint;
  try {
    // The build read the revision's hash (buildDossier's revisionHash); checked again as it is stored.
    checkpoint = await prepareCheckpoint(dossier.story.id, dossier.asOf.revision, revisionHash);
  } catch (error) {
    if (!(error instanceof CheckpointRefused)) throw error;
    markUnsigned(dossier, error.detail);
    return { checkpoint: null, actorId: user.id };
  }
  dossier.checkpoint = {
    note: checkpoint.note,
    verifierKey: deskVerifierKey()!,
    revision: checkpoint.seq,
    headHash: checkpoint.headHash,
    signedAt: checkpoint.signedAt.toISOString(),
    signedAtLabel: formatMoment(checkpoint.signedAt, timeZone),
  };
  return { checkpoint, actorId: user.id };
}

/** null once the checkpoint is kept; else why it was refused (the copy must then be unsigned). */
async function refusalOf(storing: Promise<void>): Promise<string | null> {
  try {
    await storing;
    return null;
  } catch (error) {
    if (error instanceof CheckpointRefused) return error.detail;
    throw error;
  }
}

/** Starts storing the checkpoint now, alone, for a copy whose render hides it (a PDF); storeSignedExport then waits for it. */
export function storeDuringRender(signature: DossierSignature): void {
  if (!signature.checkpoint) return;
  signature.early = refusalOf(storeCheckpoint(signature.checkpoint, "export", signature.actorId));
  // Awaited after rendering; a render that fails first must not leave it unhandled.
  signature.early.catch(() => {});
}

/**
 * Stores the copy's checkpoint and the export's record together (the record only if the
 * checkpoint is kept), or the record alone for an unsigned copy or one whose checkpoint was
 * stored during the render. Returns null once written; else why the checkpoint was refused —
 * nothing was written, and the copy must be made unsigned (markUnsigned) and recorded again.
 */
export async function storeSignedExport(signature: DossierSignature, record: SensitiveReadRecord): Promise<string | null> {
  const { checkpoint, early } = signature;
  const refused = early ? await early : null;
  if (refused) return refused;
  if (!checkpoint || early) {
    await recordSensitiveRead(db(), record);
    return null;
  }
  const [row] = await db().$queryRaw<{ stored: boolean }[]>`
    WITH cp AS (SELECT ${checkpointStore(checkpoint, "export", signature.actorId)} AS stored),
         rec AS (INSERT INTO sensitive_reads ${SENSITIVE_READ_COLUMNS} SELECT ${sensitiveReadValues(record)} FROM cp WHERE cp.stored)
    SELECT stored FROM cp`;
  return refusalOf(settleCheckpoint(checkpoint, row?.stored === true));
}
