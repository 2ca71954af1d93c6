import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { db, type Tx } from "@/lib/db";

export { verifyChain, type ChainVerification, type LedgerProblem, type LedgerStep } from "./verify";
export { verifyLedger, verifyLedgerChain, ledgerGuardProblems, LEDGER_STEPS, type LedgerVerification, type VerifyOptions } from "./verify-ledger";

/** Writes made by the launcher and the seed, not by a person. */
export const SYSTEM_ACTOR_ID = "00000000-0000-0000-0000-000000000000";

export type WriteContext = {
  actorId: string;
  /** Why the change was made; kept in the revision. */
  reason?: string | null;
  /** The story whose chain this transaction appends to. Locked first, so that
   * multi-row writes of one story cannot deadlock against each other. */
  storyId?: string;
};

/**
 * The one write path. Every mutation of a tracked table runs inside this transaction:
 * it names the actor (and reason) for the database trigger that records the revision
 * in the same transaction. A write without it is refused by the database itself.
 */
export async function writeWithRevision<T>(context: WriteContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  const simulatedAt = simulatedTime.getStore()?.toISOString() ?? "";
  return db().$transaction(
    async (tx) => {
      // One round trip: name the actor (and reason) for the trigger, and take the story's
      // chain lock first (a new story has no chain row yet: nothing to lock). The lock is
      // taken by ledger_lock_chain(), as the app's role may not lock ledger rows itself.
      await tx.$queryRaw`
        SELECT set_config('storydesk.actor_id', ${context.actorId}, true),
               set_config('storydesk.reason', ${context.reason ?? ""}, true),
               set_config('storydesk.simulated_at', ${simulatedAt}, true),
               ledger_lock_chain(${context.storyId ?? ""})::text`;
      return work(tx);
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

const simulatedTime = new AsyncLocalStorage<Date>();

/**
 * Demo seeding only: revisions written inside `work` are dated `at`. The database honours
 * this only where `storydesk.demo` is on for the whole database (set by the demo seed);
 * anywhere else revisions keep the database clock.
 */
export function runAt<T>(at: Date, work: () => Promise<T>): Promise<T> {
  return simulatedTime.run(at, work);
}
