import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { db, sql, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/validations/common";

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
  /**
   * A write by a person on a story (actorId, storyId): checked in the transaction's first
   * statement (`edit_begin()`), before the chain lock — the story is live and visible to the
   * actor (an admin sees every story and acts as a lead where not a member) with at least
   * `minimum` — refused with NOT_FOUND or FORBIDDEN as storyAccessFor() refuses. `entry`: the
   * row being edited, read in the same statement after the lock (its snapshot, or null).
   */
  access?: { isAdmin: boolean; minimum: "reader" | "contributor" | "lead"; entry?: { table: string; id: string } };
};

/** What the first statement found for a write with `access` (null without): the actor's role and the entry as it is now. */
export type Begun = { role: "reader" | "contributor" | "lead"; isMember: boolean; entry: Record<string, unknown> | null };


/**
 * The one write path. Every mutation of a tracked table runs inside this transaction:
 * it names the actor (and reason) for the database trigger that records the revision
 * in the same transaction. A write without it is refused by the database itself.
 */
export async function writeWithRevision<T>(context: WriteContext, work: (tx: Tx, begun: Begun | null) => Promise<T>): Promise<T> {
  const simulatedAt = simulatedTime.getStore()?.toISOString() ?? "";
  const { access } = context;
  if (access && !(context.storyId && isUuid(context.storyId))) throw new AppError("NOT_FOUND");
  const entryId = access?.entry?.id;
  if (entryId !== undefined && !isUuid(entryId)) throw new AppError("NOT_FOUND");
  return db().$transaction(
    async (tx) => {
      if (access) {
        // One round trip: the access check, the actor and reason, the chain lock and the entry.
        const [row] = await tx.$queryRaw<{ code: string; member_role: Begun["role"] | null; is_member: boolean | null; snapshot: Record<string, unknown> | null }[]>`
          SELECT code, member_role, is_member, snapshot
            FROM edit_begin(${context.storyId}::uuid, ${context.actorId}::uuid, ${access.isAdmin}, ${access.minimum}, ${context.reason ?? ""},
                            ${simulatedAt}, ${access.entry?.table ?? null}::regclass, ${entryId ?? null}::uuid)`;
        // NOT_FOUND: no such story for this user, or no such entry in it.
        if (row?.code === "FORBIDDEN") throw new AppError("FORBIDDEN");
        if (row?.code !== "OK") throw new AppError("NOT_FOUND");
        return work(tx, { role: row.member_role!, isMember: Boolean(row.is_member), entry: row.snapshot });
      }
      // One round trip: name the actor (and reason) for the trigger, and take the story's
      // chain lock first (a new story has no chain row yet: nothing to lock). The lock is
      // taken by ledger_lock_chain(), as the app's role may not lock ledger rows itself.
      await tx.$queryRaw`
        SELECT set_config('storydesk.actor_id', ${context.actorId}, true),
               set_config('storydesk.reason', ${context.reason ?? ""}, true),
               set_config('storydesk.simulated_at', ${simulatedAt}, true),
               ledger_lock_chain(${context.storyId ?? ""})::text`;
      return work(tx, null);
    },
    { maxWait: 10_000, timeout: 20_000 },
  );
}

/** An edit of one entry as one statement (see editWithRevision): its row, the version it was read at, the new values by column. */
export type OneStatementEdit = {
  table: string;
  id: string;
  version: number;
  /** The new values, keyed by column; only those that differ from the row are written. */
  next: Record<string, unknown>;
  /** Columns whose change needs the transactional path (a reason to require, @mentions to notify). */
  guarded: string[];
  /** Columns naming rows of the story (a uuid or an array of them) checked as the transactional path checks them. */
  refs: { column: string; table: string; live: boolean; always: boolean }[];
  /** What the reply needs read with the row (entry_lookups()): the rows its columns link to, with the columns naming people. */
  lookups: { links: { column: string; table: string; people: string[] }[]; people: string[] };
};

/** What a one-statement edit did: wrote the row or found nothing to change (`after` is the row either way), or left it to the transactional path. */
export type OneStatementOutcome = { done: true; begun: Begun; after: Record<string, unknown>; lookups: unknown } | { done: false };

/**
 * The same write path, as a single statement (`edit_entry()`, migration
 * `20261203120000_i16_edit_in_one_statement`): a statement is its own transaction, so the
 * access check, the actor and reason, the chain lock, the version check, the kind's reference
 * checks and the update (its revision written by the trigger) commit together in one round
 * trip. Refused as writeWithRevision refuses (NOT_FOUND, FORBIDDEN); anything else the
 * statement does not settle — a stale version, a deleted row, a failed reference check, a
 * change to a guarded column — writes nothing and answers `{ done: false }`: the caller then
 * takes writeWithRevision, which checks everything again and says why.
 */
export async function editWithRevision(context: WriteContext & { storyId: string; access: NonNullable<WriteContext["access"]> }, edit: OneStatementEdit): Promise<OneStatementOutcome> {
  const simulatedAt = simulatedTime.getStore()?.toISOString() ?? "";
  const { access } = context;
  if (!isUuid(context.storyId) || !isUuid(edit.id)) throw new AppError("NOT_FOUND");
  type Row = { code: string; member_role: Begun["role"] | null; is_member: boolean | null; snapshot: Record<string, unknown> | null; lookups: unknown };
  // Through node-postgres, not Prisma: this one statement is the whole edit (see sql()).
  const [row] = await sql<Row>(
    `SELECT code, member_role, is_member, snapshot, lookups
       FROM edit_entry($1::uuid, $2::uuid, $3::boolean, $4::text, $5::text, $6::text, $7::regclass, $8::uuid, $9::int, $10::jsonb,
                       $11::text[], $12::jsonb, $13::jsonb, $14::text[])`,
    [
      context.storyId,
      context.actorId,
      access.isAdmin,
      access.minimum,
      context.reason ?? "",
      simulatedAt,
      edit.table,
      edit.id,
      edit.version,
      JSON.stringify(edit.next),
      edit.guarded,
      JSON.stringify(edit.refs),
      JSON.stringify(edit.lookups.links),
      edit.lookups.people,
    ],
  );
  if (row?.code === "FORBIDDEN") throw new AppError("FORBIDDEN");
  if (row?.code === "FALLBACK") return { done: false };
  if ((row?.code !== "OK" && row?.code !== "UNCHANGED") || !row.snapshot) throw new AppError("NOT_FOUND");
  const begun = { role: row.member_role!, isMember: Boolean(row.is_member), entry: null };
  return { done: true, begun, after: row.snapshot, lookups: row.lookups };
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
