import "server-only";
import type { SessionUser } from "@/lib/server/access";
import { CheckpointRefused, makeCheckpoint } from "@/lib/server/ledger/checkpoints";
import { deskVerifierKey } from "@/lib/server/ledger/keys";
import { formatMoment } from "@/lib/time-zone";
import type { Dossier } from "./types";

/**
 * Every export carries the desk's signed checkpoint of the revision it shows (and leaves it in
 * the checkpoint table and its mirrors). When the ledger contradicts an earlier checkpoint the
 * desk refuses to sign, and the copy says so instead of vouching for a rewritten history.
 */
export async function signDossier(dossier: Dossier, user: SessionUser, timeZone: string): Promise<void> {
  try {
    // The verification section read the revision's hash already (checked again as it is stored).
    const known = dossier.verification?.chainHeadSeq === dossier.asOf.revision ? dossier.verification.chainHeadHash : null;
    const checkpoint = await makeCheckpoint(dossier.story.id, dossier.asOf.revision, "export", user.id, known);
    dossier.checkpoint = {
      note: checkpoint.note,
      verifierKey: deskVerifierKey()!,
      revision: checkpoint.seq,
      headHash: checkpoint.headHash,
      signedAt: checkpoint.signedAt.toISOString(),
      signedAtLabel: formatMoment(checkpoint.signedAt, timeZone),
    };
  } catch (error) {
    if (!(error instanceof CheckpointRefused)) throw error;
    dossier.unsigned = `Not signed: the desk's ledger no longer matches a checkpoint it signed earlier (${error.detail}). Do not rely on this copy; an administrator should verify the ledger.`;
  }
}
