// npm run audit:checkpoint [story-id | story-slug | desk] [--stored] > checkpoints.notes
// Signs a checkpoint of each chain's head as it is now (or of the one named), keeps it in the
// database and its mirrors (STORYDESK_CHECKPOINT_DIR / _WEBHOOK), and writes the signed notes to
// standard output, for keeping outside the database (`npm run audit:verify -- --checkpoints
// <file>` checks the ledger against them later). --stored writes the checkpoints already kept
// instead of signing new ones. Messages go to standard error, so the output is only notes.
import { db } from "@/lib/db";
import { checkpointHead, CheckpointRefused, storedCheckpoints } from "@/lib/server/ledger/checkpoints";
import { mirrorsSettled } from "@/lib/server/ledger/mirror";
import { SYSTEM_ACTOR_ID } from "@/lib/server/ledger";
import { withDatabase } from "./lib/database";

const args = process.argv.slice(2);
const stored = args.includes("--stored");
const only = args.find((arg) => !arg.startsWith("--"));
const unknown = args.find((arg) => arg.startsWith("--") && arg !== "--stored");

async function chainOf(arg: string): Promise<string | null> {
  if (arg === "desk") return "desk";
  const story = await db().story.findFirst({ where: { OR: [{ slug: arg }, ...(/^[0-9a-f-]{36}$/i.test(arg) ? [{ id: arg.toLowerCase() }] : [])] }, select: { id: true } });
  return story?.id ?? null;
}

const exitCode = await withDatabase(async () => {
  try {
    if (unknown) {
      console.error(`audit:checkpoint: unknown option ${unknown}; try --stored.`);
      return 2;
    }
    const chain = only === undefined ? undefined : await chainOf(only);
    if (chain === null) {
      console.error(`audit:checkpoint: no story with the id or slug "${only}".`);
      return 2;
    }
    if (stored) {
      const notes = await storedCheckpoints(chain);
      process.stdout.write(notes.map((row) => row.note).join("\n"));
      console.error(`${notes.length} stored checkpoint(s) written.`);
      return 0;
    }
    const chains = chain ? [chain] : (await db().revisionChain.findMany({ where: { seq: { gt: 0 } }, select: { chain: true }, orderBy: { chain: "asc" } })).map((row) => row.chain);
    let refused = 0;
    const notes: string[] = [];
    for (const target of chains) {
      try {
        notes.push((await checkpointHead(target, "on_demand", SYSTEM_ACTOR_ID)).note);
      } catch (error) {
        if (!(error instanceof CheckpointRefused)) throw error;
        refused += 1;
        console.error(`REFUSED ${target}: ${error.detail} Run npm run audit:verify.`);
      }
    }
    process.stdout.write(notes.join("\n"));
    await mirrorsSettled();
    console.error(`${notes.length} checkpoint(s) signed${refused ? `, ${refused} refused` : ""}.`);
    return refused ? 1 : 0;
  } finally {
    await db().$disconnect();
  }
});
process.exit(exitCode);
