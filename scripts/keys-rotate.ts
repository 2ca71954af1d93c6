// npm run keys:rotate [-- --status] [-- --batch <n>]
// Re-wraps every source's data key under the current desk key (the first of
// STORYDESK_ENCRYPTION_KEYS). No sealed value and no tracked row is rewritten, so the ledger is
// untouched. Each batch commits on its own: interrupted, it resumes where it stopped when run
// again. When it reports that no data key needs an older desk key, that key can be retired.
// --status prints how many data keys each desk key wraps, and rotates nothing.
import { withDatabase } from "./lib/database";

const args = process.argv.slice(2);
const status = args.includes("--status");
const batchAt = args.indexOf("--batch");
const batchSize = batchAt >= 0 ? Number(args[batchAt + 1]) : 500;
if (!Number.isInteger(batchSize) || batchSize < 1) {
  console.error("--batch takes a positive whole number of keys per transaction.");
  process.exit(2);
}

const count = (n: number) => n.toLocaleString("en");

await withDatabase(async () => {
  const { db } = await import("@/lib/db");
  const { keyCensus, rotateDataKeys } = await import("@/lib/server/crypto/rotate");
  const { EncryptionConfigError } = await import("@/lib/server/crypto/keys");
  try {
    const before = await keyCensus();
    const older = Object.entries(before.byDeskKey).filter(([id]) => id !== before.current);
    const describe = (census: typeof before) =>
      [...Object.entries(census.byDeskKey).map(([id, keys]) => `${id}: ${count(keys)}`), `burned: ${count(census.burned)}`].join(", ");
    console.log(`Current desk key: ${before.current}. Data keys by desk key — ${describe(before)}.`);
    if (status) return;
    if (older.length === 0) {
      console.log("Nothing to re-wrap: every data key is wrapped by the current desk key.");
    } else {
      const started = performance.now();
      const done = await rotateDataKeys({
        batchSize,
        onProgress: ({ done, total }) => console.log(`Re-wrapped ${count(done)} of ${count(total)} data keys (${Math.floor((done * 100) / Math.max(total, 1))}%).`),
      });
      console.log(`Re-wrapped ${count(done)} data keys under ${before.current} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    }
    const after = await keyCensus();
    const left = Object.keys(after.byDeskKey).filter((id) => id !== after.current);
    if (left.length) {
      console.log(`Still wrapped by an older desk key: ${left.join(", ")}. Run this again.`);
      process.exitCode = 1;
    } else {
      const retire = older.map(([id]) => id);
      console.log(
        retire.length
          ? `Done. No data key needs ${retire.join(" or ")} any more: remove it from STORYDESK_ENCRYPTION_KEYS and restart.`
          : "Done. No data key needs an older desk key.",
      );
    }
  } catch (error) {
    if (!(error instanceof EncryptionConfigError)) throw error;
    console.error(`${error.message}. Put the new desk key first in STORYDESK_ENCRYPTION_KEYS and keep the old ones after it until the rotation is done.`);
    process.exitCode = 2;
  } finally {
    await db().$disconnect();
  }
});
