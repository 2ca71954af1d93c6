// npm run keys:rotate [-- --status] [-- --batch <n>]
// Re-wraps every source's data key under the current desk key (the first of
// STORYDESK_ENCRYPTION_KEYS). No sealed value and no tracked row is rewritten, so the ledger is
// untouched. Then the sources' keyed search index, whose key is derived from the desk key, is
// rebuilt under the new one. Each batch commits on its own: interrupted, it resumes where it
// stopped when run again. When it reports that nothing needs an older desk key, that key can be
// retired. --status prints how many data keys each desk key wraps and how many sources each
// indexes, and rotates nothing.
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
  const { rebuildSearchIndex, searchIndexCensus } = await import("@/lib/server/sources/protection");
  const { EncryptionConfigError } = await import("@/lib/server/crypto/keys");
  try {
    const before = await keyCensus();
    const older = Object.entries(before.byDeskKey).filter(([id]) => id !== before.current);
    const indexBefore = await searchIndexCensus();
    const describe = (census: typeof before) =>
      [...Object.entries(census.byDeskKey).map(([id, keys]) => `${id}: ${count(keys)}`), `burned: ${count(census.burned)}`].join(", ");
    console.log(`Current desk key: ${before.current}. Data keys by desk key — ${describe(before)}.`);
    const describeIndex = (census: Awaited<ReturnType<typeof searchIndexCensus>>) =>
      [...Object.entries(census.byDeskKey).map(([id, sources]) => `${id}: ${count(sources)}`), `not under ${census.current}: ${count(census.notIndexed)}`].join(", ");
    console.log(`Search index (sources) by desk key — ${describeIndex(indexBefore)}.`);
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
    // The search index's key is derived from the desk key: rebuilt under the new one (names opened through the lens).
    const indexed = await rebuildSearchIndex({
      onProgress: (done, total) => console.log(`Re-indexed ${count(done)} of ${count(total)} sources for search (${Math.floor((done * 100) / Math.max(total, 1))}%).`),
    });
    if (indexed) console.log(`Re-indexed ${count(indexed)} sources for search under ${before.current}.`);
    const after = await keyCensus();
    const index = await searchIndexCensus();
    const left = [...new Set([...Object.keys(after.byDeskKey), ...Object.keys(index.byDeskKey)])].filter((id) => id !== after.current);
    if (left.length) {
      console.log(`Data keys or search tokens still under an older desk key: ${left.join(", ")}. Run this again.`);
      process.exitCode = 1;
    } else {
      const retire = [...new Set([...older.map(([id]) => id), ...Object.keys(indexBefore.byDeskKey)])].filter((id) => id !== before.current);
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
