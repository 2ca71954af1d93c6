// npm run keys:seal — seals every source whose identity is still stored as it was before issue
// 13 (plaintext, or sealed with the desk key itself): each gets its own data key, and each
// sealing is a revision by "System". The launcher runs this after the migrations; it does
// nothing when every source is sealed. Past revisions keep what they hold: Admin → Source keys
// lists them. It also builds the keyed search index of any source not indexed under the current
// desk key (sources sealed before the index existed).
import { withDatabase } from "./lib/database";

await withDatabase(async () => {
  const { db } = await import("@/lib/db");
  const { rebuildSearchIndex, sealLegacySources } = await import("@/lib/server/sources/protection");
  try {
    const sealed = await sealLegacySources((done, total) => console.log(`Sealed ${done} of ${total} sources.`));
    console.log(sealed ? `Sealed the identity of ${sealed} sources with their own keys.` : "Every source's identity is sealed with its own key; nothing to do.");
    // Sources sealed before the search index existed (or whose index a rotation left behind).
    const indexed = await rebuildSearchIndex({ onProgress: (done, total) => console.log(`Indexed ${done} of ${total} sources for search.`) });
    if (indexed) console.log(`Built the search index of ${indexed} sources.`);
  } finally {
    await db().$disconnect();
  }
});
