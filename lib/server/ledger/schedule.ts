import "server-only";
import { db } from "@/lib/db";
import { log, logUnexpected } from "@/lib/log";
import { startRepeating } from "@/lib/server/schedule";
import { configuredSigner } from "./keys";
import { checkpointGrownChains } from "./checkpoints";

// Checkpoints on a schedule: every chain that grew since its latest checkpoint gets a new one,
// at most once an interval (STORYDESK_CHECKPOINT_INTERVAL_MINUTES, default 60). Checked every
// few minutes on every app instance; an advisory lock lets one instance sign at a time, and the
// interval keeps them from signing the same growth twice. Started by instrumentation.ts.

const TICK_MS = 5 * 60_000;
const LOCK = 724024;

export function checkpointIntervalMs(): number {
  const minutes = Number(process.env.STORYDESK_CHECKPOINT_INTERVAL_MINUTES ?? 60);
  return (Number.isFinite(minutes) && minutes > 0 ? minutes : 60) * 60_000;
}

/** One round: signs what grew (if this instance gets the lock). Never throws. */
export async function checkpointTick(): Promise<void> {
  try {
    const result = await db().$transaction(async (tx) => {
      // Held by this transaction's connection while the signing runs on others.
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${LOCK}) AS locked`;
      if (!lock?.locked) return null;
      return checkpointGrownChains("schedule", checkpointIntervalMs(), null);
    }, { timeout: 120_000 });
    if (!result) return;
    if (result.signed.length) log.info({ event: "checkpoints_signed", count: result.signed.length }, "checkpoints signed");
    for (const refused of result.refused) log.error({ event: "checkpoint_refused", chain: refused.chain, reason: refused.reason }, "checkpoint refused: the ledger contradicts an earlier checkpoint");
  } catch (error) {
    logUnexpected("checkpointTick", error);
  }
}

/** Starts the schedule once per process (not without a signing key). */
export function startCheckpointSchedule(): void {
  if (!configuredSigner()) return;
  startRepeating("checkpoints", checkpointTick, TICK_MS, 15_000);
}
