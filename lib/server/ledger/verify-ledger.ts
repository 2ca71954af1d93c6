import "server-only";
import { db } from "@/lib/db";
import { readCheckpoint } from "./checkpoint-note";
import { trustedVerifiers } from "./keys";
import type { Verifier } from "./note";
import { checkpointProblems, unreadable, type GivenNote } from "./verify-checkpoints";
import { liveRowMismatches, trackedTables, type LiveRowMismatch, type TrackedTable } from "./tracked";
import { verifyChain, type ChainVerification, type LedgerProblem, type LedgerStep } from "./verify";

// The whole verification of the ledger, beyond each chain's own links (verify.ts):
//   checkpoints  the chain still contains every signed checkpoint it is given — from the table,
//                from files kept elsewhere, from dossiers: the same hash at the same sequence,
//                and a valid signature by a key the desk trusts;
//   coverage     every story has its chain and every chain its story; the ledger's triggers
//                are all in place and switched on;
//   rows         each live row of every tracked table equals the snapshot of its latest
//                revision (a write that bypassed the trigger shows here).
// Each problem names the story, the revision or entry, what was expected and what was found.

export const LEDGER_STEPS: LedgerStep[] = ["links", "checkpoints", "coverage", "rows"];

export type VerifyOptions = {
  /** Checkpoint notes kept outside the database (checkpoint files, dossiers). */
  external?: string[];
  /** The keys checkpoints must be signed with (default: the desk's, see keys.ts). */
  verifiers?: Verifier[];
  /** The steps to run (default: all). */
  steps?: LedgerStep[];
};

export type LedgerVerification = {
  ok: boolean;
  chains: ChainVerification[];
  /** Problems of the ledger as a whole: a switched-off trigger, an unreadable checkpoint. */
  general: LedgerProblem[];
};

const kindWords = (type: string) => type.replaceAll("_", " ");
const short = (id: string) => id.slice(0, 8);
const truncate = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function shown(value: unknown): string {
  if (value === undefined) return "(not in the revision)";
  if (value === null) return "empty";
  if (typeof value === "string") return value.startsWith("sdenc:") ? "(an encrypted value)" : `“${truncate(value)}”`;
  return truncate(JSON.stringify(value));
}

// ---------------------------------------------------------------------------------------------
// Coverage: stories and chains, and the ledger's own triggers

async function coverageProblems(chain: string): Promise<LedgerProblem[]> {
  const [row] = await db().$queryRaw<{ title: string | null; story: boolean; head: boolean; revisions: boolean; accounts: boolean }[]>`
    SELECT (SELECT title FROM stories WHERE id::text = ${chain}) AS title,
           EXISTS (SELECT 1 FROM stories WHERE id::text = ${chain}) AS story,
           EXISTS (SELECT 1 FROM revision_chains WHERE chain = ${chain}) AS head,
           EXISTS (SELECT 1 FROM revisions WHERE chain = ${chain}) AS revisions,
           EXISTS (SELECT 1 FROM users) AS accounts`;
  const { title, story, head, revisions, accounts } = row!;
  const hasLedger = head || revisions;
  if (chain === "desk") {
    return accounts && !hasLedger
      ? [{ step: "coverage", problem: "The desk's accounts have no ledger: the desk chain was deleted.", expected: "the desk chain", found: "none" }]
      : [];
  }
  if (story && !hasLedger) {
    return [{ step: "coverage", problem: `The story “${title}” has no ledger at all: its chain was deleted.`, expected: "a chain of revisions", found: "none" }];
  }
  if (!story && hasLedger) {
    return [{ step: "coverage", problem: `The ledger holds a chain for story ${chain}, which is no longer in the database: the story was deleted without the app.`, expected: "the story", found: "none" }];
  }
  if (!story) {
    return [{ step: "coverage", problem: `Story ${chain} is gone: neither the story nor its ledger is in the database any more, yet checkpoints sign it.`, expected: "the story and its chain", found: "none" }];
  }
  return [];
}

/** The ledger's machinery: every tracked table's trigger on, the ledger's guards in place. */
async function guardProblems(tables: TrackedTable[]): Promise<LedgerProblem[]> {
  const problems: LedgerProblem[] = tables
    .filter((table) => table.enabled === "D" || table.enabled === "R")
    .map((table) => ({
      step: "coverage" as const,
      problem: `The ledger trigger on ${table.name} is switched off: changes to ${kindWords(table.entityType)} entries are not being recorded.`,
      expected: "enabled",
      found: table.enabled === "D" ? "disabled" : "enabled for replication only",
    }));
  const guards = await db().$queryRaw<{ table: string; guards: number; definer: boolean | null }[]>`
    SELECT t.name AS table,
           (SELECT count(*)::int FROM pg_trigger g
             WHERE g.tgrelid = to_regclass(t.name) AND g.tgfoid = to_regproc('guard_ledger') AND g.tgenabled IN ('O', 'A')) AS guards,
           (SELECT prosecdef FROM pg_proc WHERE oid = to_regproc('record_revision')) AS definer
      FROM unnest(ARRAY['revisions', 'revision_chains']) AS t(name)`;
  for (const guard of guards) {
    if (guard.guards < 2) {
      problems.push({
        step: "coverage",
        problem: `The append-only guard of ${guard.table} is missing or switched off: ledger rows can be changed or deleted.`,
        expected: "2 guard triggers on",
        found: `${guard.guards}`,
      });
    }
  }
  if (guards[0]?.definer === null) problems.push({ step: "coverage", problem: "The ledger's trigger function record_revision() is missing.", expected: "record_revision()", found: "none" });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Live rows

function rowProblem(mismatch: LiveRowMismatch): LedgerProblem {
  const entry = `${kindWords(mismatch.entityType)} ${short(mismatch.entityId)}`;
  const entity = { type: mismatch.entityType, id: mismatch.entityId };
  if (mismatch.seq === null || !mismatch.recorded) {
    return { step: "rows", entity, problem: `The ${entry} has no revision at all: it was written without being recorded.`, expected: "a revision of it", found: "none" };
  }
  const values = (source: Record<string, unknown>) => mismatch.fields.map((field) => `${field}: ${shown(source[field])}`).join("; ");
  return {
    step: "rows",
    seq: mismatch.seq,
    entity,
    problem: `The ${entry} in the database differs from its latest revision #${mismatch.seq} (${mismatch.fields.join(", ")}): it was changed without being recorded.`,
    expected: values(mismatch.recorded),
    found: values(mismatch.live),
  };
}

async function rowProblems(chain: string, tables: TrackedTable[]): Promise<LedgerProblem[]> {
  const onChain = tables.filter((table) => (chain === "desk") === (table.storyColumn === null));
  const problems: LedgerProblem[] = [];
  for (const table of onChain) problems.push(...(await liveRowMismatches(table, chain)).map(rowProblem));
  // A kind of entry with revisions but no tracked table: its trigger was dropped.
  const kinds = await db().$queryRaw<{ entity_type: string }[]>`SELECT DISTINCT entity_type FROM revisions WHERE chain = ${chain}`;
  for (const { entity_type: type } of kinds) {
    if (!tables.some((table) => table.entityType === type)) {
      problems.push({
        step: "rows",
        problem: `This chain has revisions of ${kindWords(type)} entries, but no table is tracked for them any more: the ledger trigger was removed.`,
        expected: `a tracked table for ${kindWords(type)} entries`,
        found: "none",
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

async function chainHead(chain: string) {
  const head = await db().revisionChain.findUnique({ where: { chain } });
  return { storyId: head?.storyId ?? null, revisions: Number(head?.seq ?? 0), headHash: head?.headHash ?? null };
}

type ChainContext = { tables: TrackedTable[]; verifiers: Verifier[]; external: string[]; steps: LedgerStep[] };

async function verifyOneChain(chain: string, context: ChainContext): Promise<ChainVerification> {
  const { steps } = context;
  const links = steps.includes("links") ? await verifyChain(chain) : null;
  const problems = [...(links?.problems ?? [])];
  let checkpoints: ChainVerification["checkpoints"];
  if (steps.includes("checkpoints")) {
    const stored = await db().ledgerCheckpoint.findMany({ where: { chain }, select: { note: true } });
    const notes: GivenNote[] = [
      ...stored.map(({ note }) => ({ note, from: "the checkpoint table" as const })),
      ...context.external.map((note) => ({ note, from: "a checkpoint given" as const })),
    ];
    const result = await checkpointProblems(chain, notes, context.verifiers);
    problems.push(...result.problems);
    checkpoints = { verified: result.verified, latest: result.latest };
  }
  if (steps.includes("coverage")) problems.push(...(await coverageProblems(chain)));
  if (steps.includes("rows")) problems.push(...(await rowProblems(chain, context.tables)));
  const head = links ?? (await chainHead(chain));
  return {
    chain,
    storyId: head.storyId ?? (chain === "desk" ? null : chain),
    revisions: head.revisions,
    headHash: head.headHash,
    ok: problems.length === 0,
    broken: problems[0],
    problems,
    checkpoints,
  };
}

/** Splits checkpoints kept outside the database by the chain they sign; unreadable ones are problems. */
function externalByChain(notes: string[], verifiers: Verifier[]) {
  const byChain = new Map<string, string[]>();
  const general: LedgerProblem[] = [];
  for (const note of notes) {
    const read = readCheckpoint(note, verifiers);
    const chain = read.ok ? read.checkpoint.chain : read.facts?.chain;
    if (chain) byChain.set(chain, [...(byChain.get(chain) ?? []), note]);
    else general.push(unreadable(read as Exclude<typeof read, { ok: true }>, "a checkpoint given", verifiers));
  }
  return { byChain, general };
}

/** Verifies one chain with every step (or those asked for). */
export async function verifyLedgerChain(chain: string, options: VerifyOptions = {}): Promise<ChainVerification> {
  const verifiers = options.verifiers ?? trustedVerifiers();
  const { byChain } = externalByChain(options.external ?? [], verifiers);
  const steps = options.steps ?? LEDGER_STEPS;
  return verifyOneChain(chain, { tables: steps.includes("rows") ? await trackedTables() : [], verifiers, external: byChain.get(chain) ?? [], steps });
}

/**
 * Verifies the whole ledger: every chain there is, every story, every chain a checkpoint names
 * (in the table or given), and the ledger's triggers.
 */
export async function verifyLedger(options: VerifyOptions = {}): Promise<LedgerVerification> {
  const verifiers = options.verifiers ?? trustedVerifiers();
  const steps = options.steps ?? LEDGER_STEPS;
  const tables = await trackedTables();
  const { byChain, general } = externalByChain(options.external ?? [], verifiers);
  const known = await db().$queryRaw<{ chain: string }[]>`
    SELECT chain FROM revision_chains
    UNION SELECT DISTINCT chain FROM revisions
    UNION SELECT id::text FROM stories
    UNION SELECT DISTINCT chain FROM ledger_checkpoints
    UNION SELECT 'desk' WHERE EXISTS (SELECT 1 FROM users)`;
  const chains = [...new Set([...known.map((row) => row.chain), ...byChain.keys()])].sort((a, b) => (a === "desk" ? -1 : b === "desk" ? 1 : a.localeCompare(b)));
  const results: ChainVerification[] = [];
  for (const chain of chains) results.push(await verifyOneChain(chain, { tables, verifiers, external: byChain.get(chain) ?? [], steps }));
  if (steps.includes("coverage")) general.push(...(await guardProblems(tables)));
  return { ok: general.length === 0 && results.every((result) => result.ok), chains: results, general };
}

/** The ledger's own machinery alone (for the admin page's banner). */
export async function ledgerGuardProblems(): Promise<LedgerProblem[]> {
  return guardProblems(await trackedTables());
}
