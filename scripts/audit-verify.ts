// npm run audit:verify [story-id] — recomputes every hash chain (or one story's) and
// exits non-zero naming the first broken link.
import { db } from "@/lib/db";
import { verifyAllChains, verifyChain } from "@/lib/server/ledger";

const only = process.argv[2];
const results = only ? [await verifyChain(only)] : await verifyAllChains();
let broken = 0;
for (const result of results) {
  if (result.ok) {
    console.log(`ok      ${result.chain}  ${result.revisions} revisions  head ${result.headHash ?? "(empty)"}`);
  } else {
    broken += 1;
    const link = result.broken!;
    console.log(`BROKEN  ${result.chain}  at seq ${link.seq}: ${link.problem}`);
    console.log(`        expected ${link.expected}`);
    console.log(`        found    ${link.found}`);
  }
}
console.log(`${results.length} chain(s) checked, ${broken} broken.`);
await db().$disconnect();
process.exit(broken ? 1 : 0);
