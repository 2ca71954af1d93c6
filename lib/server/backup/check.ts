import "server-only";
import { db } from "@/lib/db";
import { decryptField } from "@/lib/server/crypto/fields";
import { verifyAllChains, type ChainVerification } from "@/lib/server/ledger";
import type { BackupManifest } from "./format";

// After a restore: every chain verifies and ends where the backup's did, and the protected
// source fields can be read with the keys this desk has (the keys are never in a backup).

export type RestoreCheck = {
  chains: ChainVerification[];
  /** Chains whose head differs from the backup's (or that the backup had and the database has not). */
  headMismatches: string[];
  /** Key ids in use by encrypted fields that the configured keys cannot decrypt. */
  unreadableKeys: string[];
};

export async function checkRestoredDesk(manifest: BackupManifest): Promise<RestoreCheck> {
  const chains = await verifyAllChains();
  const heads = new Map(chains.map((chain) => [chain.chain, chain.headHash]));
  const headMismatches = manifest.chains.filter((chain) => heads.get(chain.chain) !== chain.headHash).map((chain) => chain.chain);

  // One encrypted value per key id, decrypted with its row and field as the app does.
  const samples = await db().$queryRaw<{ key_id: string; id: string; field: string; value: string }[]>`
    SELECT DISTINCT ON (split_part(f.value, ':', 3)) split_part(f.value, ':', 3) AS key_id, s.id::text, f.field, f.value
      FROM sources s, LATERAL (VALUES ('name', s.name), ('affiliation', s.affiliation), ('contact', s.contact)) AS f(field, value)
     WHERE f.value LIKE 'sdenc:v1:%'
     ORDER BY split_part(f.value, ':', 3)`;
  const unreadableKeys: string[] = [];
  for (const sample of samples) {
    try {
      decryptField(sample.value, `source:${sample.id}:${sample.field}`);
    } catch {
      unreadableKeys.push(sample.key_id);
    }
  }
  return { chains, headMismatches, unreadableKeys };
}
