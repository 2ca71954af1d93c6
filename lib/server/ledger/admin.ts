import "server-only";
import pg from "pg";
import { db } from "@/lib/db";
import { assertAdmin, knownChain } from "@/lib/server/audit";
import type { SessionUser } from "@/lib/server/access";
import { checkpointHead, storedCheckpoints } from "./checkpoints";
import { configuredSigner, deskVerifierKey, trustedVerifiers } from "./keys";
import { hex8 } from "./note";
import { ledgerBypass, type LedgerBypass } from "./privileges";
import { checkpointIntervalMs } from "./schedule";
import { ledgerGuardProblems } from "./verify-ledger";
import type { LedgerProblem } from "./verify";

// Admin → Ledger: what protects the ledger on this desk, in one place — the app's database role,
// the signing key (to publish and keep elsewhere), the checkpoints and where they are mirrored —
// and the on-demand checkpoint and the checkpoint file to keep outside the database.

export type LedgerOverview = {
  /** The desk's verifier key (public), or null without a signing key. */
  verifierKey: string | null;
  /** Other keys trusted for older checkpoints (after a rotation). */
  otherKeys: string[];
  checkpoints: { count: number; latestAt: Date | null };
  intervalMinutes: number;
  mirror: { directory: boolean; webhook: boolean };
  appRole: LedgerBypass | null;
  /** Problems of the ledger as a whole (a switched-off trigger, a missing guard). */
  general: LedgerProblem[];
};

/** The app's own role, as /api/health reports it: null when it cannot be read. */
async function appRoleBypass(): Promise<LedgerBypass | null> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return await ledgerBypass(client);
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function ledgerOverview(user: SessionUser): Promise<LedgerOverview> {
  assertAdmin(user);
  const signer = configuredSigner();
  const [count, latest, appRole, general] = await Promise.all([
    db().ledgerCheckpoint.count(),
    db().ledgerCheckpoint.findFirst({ orderBy: { id: "desc" }, select: { signedAt: true } }),
    appRoleBypass(),
    ledgerGuardProblems(),
  ]);
  return {
    verifierKey: deskVerifierKey(),
    otherKeys: trustedVerifiers()
      .filter((v) => !signer || v.name !== signer.name || v.keyId !== signer.keyId)
      .map((v) => `${v.name}+${hex8(v.keyId)}`),
    checkpoints: { count, latestAt: latest?.signedAt ?? null },
    intervalMinutes: Math.round(checkpointIntervalMs() / 60_000),
    mirror: { directory: Boolean(process.env.STORYDESK_CHECKPOINT_DIR), webhook: Boolean(process.env.STORYDESK_CHECKPOINT_WEBHOOK) },
    appRole,
    general,
  };
}

/** Signs a checkpoint of a chain's head now (refused, with why, if it contradicts an earlier one). */
export async function signCheckpointFor(user: SessionUser, chain: string): Promise<{ seq: number; signedAt: Date; note: string }> {
  assertAdmin(user);
  const checkpoint = await checkpointHead(await knownChain(chain), "on_demand", user.id);
  return { seq: checkpoint.seq, signedAt: checkpoint.signedAt, note: checkpoint.note };
}

/** Every checkpoint kept, as one file of signed notes (for `audit:verify --checkpoints`). */
export async function checkpointsFile(user: SessionUser): Promise<string> {
  assertAdmin(user);
  return (await storedCheckpoints()).map((row) => row.note).join("\n");
}
