import "server-only";
import type { SessionUser } from "@/lib/server/access";
import { CheckpointRefused, prepareCheckpoint, storeCheckpoint } from "@/lib/server/ledger/checkpoints";
import { deskVerifierKey } from "@/lib/server/ledger/keys";
import { formatMoment } from "@/lib/time-zone";
import type { Dossier } from "./types";

// Every export carries the desk's signed checkpoint of the revision it shows (and leaves it in
// the checkpoint table and its mirrors). The export waits for the signature only: the
// checkpoint is stored while the copy renders. When the ledger contradicts an earlier
// checkpoint the desk refuses to sign, and the copy says so instead of vouching for a
// rewritten history.

/** stored: null once the checkpoint is kept; else why it was refused (the copy must then be unsigned). */
export type DossierSignature = { stored: Promise<string | null> };

export function markUnsigned(dossier: Dossier, reason: string): void {
  delete dossier.checkpoint;
  dossier.unsigned = `Not signed: the desk's ledger no longer matches a checkpoint it signed earlier (${reason}) Do not rely on this copy; an administrator should verify the ledger.`;
}

export async function signDossier(dossier: Dossier, user: SessionUser, timeZone: string): Promise<DossierSignature> {
  // The verification section read the revision's hash already (checked again as it is stored).
  const known = dossier.verification?.chainHeadSeq === dossier.asOf.revision ? dossier.verification.chainHeadHash : null;
  let checkpoint;
  try {
    checkpoint = await prepareCheckpoint(dossier.story.id, dossier.asOf.revision, known);
  } catch (error) {
    if (!(error instanceof CheckpointRefused)) throw error;
    markUnsigned(dossier, error.detail);
    return { stored: Promise.resolve(null) };
  }
  dossier.checkpoint = {
    note: checkpoint.note,
    verifierKey: deskVerifierKey()!,
    revision: checkpoint.seq,
    headHash: checkpoint.headHash,
    signedAt: checkpoint.signedAt.toISOString(),
    signedAtLabel: formatMoment(checkpoint.signedAt, timeZone),
  };
  const stored = storeCheckpoint(checkpoint, "export", user.id).then(
    () => null,
    (error: unknown) => {
      if (error instanceof CheckpointRefused) return error.detail;
      throw error;
    },
  );
  // Awaited after rendering; a render that fails first must not leave it unhandled.
  stored.catch(() => {});
  return { stored };
}
