// npm run audit:verify [story-id] — recomputes every hash chain (or one story's) and
// exits non-zero naming the first broken link.
import { db } from "@/lib/db";
import { verifyAllChains, verifyChain, type ChainVerification } from "@/lib/server/ledger";
import { withDatabase } from "./lib/database";

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

const only = process.argv[2];
await withDatabase(async () => {
  const results = only ? [await verifyChain(only)] : await verifyAllChains();
  results.forEach(report);
  const broken = results.filter((result) => !result.ok).length;
  console.log(`${results.length} chain(s) checked, ${broken} broken.`);
  await db().$disconnect();
  process.exitCode = broken ? 1 : 0;
});
