import "server-only";
import { verifyLedger, type LedgerVerification } from "@/lib/server/ledger";
import { unreadableSealKeys } from "@/lib/server/sources/protection";
import type { BackupManifest } from "./format";

// After a restore: the whole ledger verifies (links, signed checkpoints, coverage, live rows),
// every chain ends where the backup's did, and the protected source fields can be read with the
// keys this desk has (the keys are never in a backup).

export type RestoreCheck = {
  ledger: LedgerVerification;
  /** Chains whose head differs from the backup's (or that the backup had and the database has not). */
  headMismatches: string[];
  /** Key ids in use by encrypted fields that the configured keys cannot decrypt. */
  unreadableKeys: string[];
};

export async function checkRestoredDesk(manifest: BackupManifest): Promise<RestoreCheck> {
  const ledger = await verifyLedger();
  const heads = new Map(ledger.chains.map((chain) => [chain.chain, chain.headHash]));
  const headMismatches = manifest.chains.filter((chain) => heads.get(chain.chain) !== chain.headHash).map((chain) => chain.chain);
  return { ledger, headMismatches, unreadableKeys: await unreadableSealKeys() };
}
