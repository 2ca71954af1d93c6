// The as-of search oracle (issue 13): a reader recovered a confidential name one letter at a
// time (215 requests) because the as-of filter matched the old snapshot's plaintext. Now every
// search over sources goes through the protection lens: for a reader who may not see a source,
// what any query returns — items, their names, count, order — must not depend on what its hidden
// identity says. Two stories identical but for the secret name must answer every query alike —
// live too, where the search goes through the keyed blind index of names (which holds the
// hidden name's tokens: only the lens's rule keeps them out of a reader's answer).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { asOfItems, workspaceAsOf } from "@/lib/server/history/as-of";
import { listSources } from "@/lib/server/sources/list";
import { createSource, updateSource } from "@/lib/server/sources/write";
import { sourceFiltersSchema } from "@/lib/validations/workspace";
import { makeDesk, type TestUser } from "@/prisma/factories";

const SECRETS = ["Balthazar Vintercroft", "Xerxes Quillmoor"] as const;
type Desk = { reader: TestUser; other: TestUser; storyId: string; beforeRev: number; headRev: number; hiddenId: string };
const desks: Desk[] = [];

beforeAll(async () => {
  for (const secret of SECRETS) {
    const { lead, reporter, reader, other, storyId } = await makeDesk({ lead: { role: "editor", on: "lead" }, reporter: { on: "contributor" }, reader: { on: "reader" }, other: { on: "contributor" } });
    await createSource(lead, { storyId, name: "Open Official", kind: "person", affiliation: "Harbour board" });
    const source = await createSource(reporter, { storyId, name: secret, kind: "person", affiliation: `${secret.split(" ")[1]} holdings` });
    await createSource(lead, { storyId, name: "Another Open Voice", kind: "organization" });
    const rev = async () => Number((await db().revision.aggregate({ where: { chain: storyId }, _max: { seq: true } }))._max.seq);
    const beforeRev = await rev();
    await updateSource(reporter, { storyId, sourceId: source.id, version: 1, protection: "confidential" });
    desks.push({ reader, other, storyId, beforeRev, headRev: await rev(), hiddenId: source.id });
  }
}, 60_000);

/** What a reader learns from one query: names in order, and the count — never ids (they differ between the stories). */
async function answer(desk: Desk, q: string, where: "live" | "live, another contributor" | "as-of before" | "as-of now") {
  if (where.startsWith("live")) {
    const page = await listSources(where === "live" ? desk.reader : desk.other, desk.storyId, sourceFiltersSchema.parse({ q }));
    return { names: page.items.map((item) => item.displayName), total: page.total };
  }
  const rev = where === "as-of before" ? desk.beforeRev : desk.headRev;
  const workspace = await workspaceAsOf(desk.reader, desk.storyId, { rev }, "sources", { q, page: 1 }, "UTC");
  const items = asOfItems(workspace, "source");
  return { names: items.map((item) => item.displayName), total: workspace.entries?.page.total ?? items.length };
}

describe("searching sources as a reader who may not see a confidential one", () => {
  it("answers every query the same whatever the hidden name says: as of before it was confidential, as of now, and live", async () => {
    const words = SECRETS.flatMap((secret) => {
      const lower = secret.toLowerCase();
      return [...Array(lower.length).keys()].map((end) => lower.slice(0, end + 1));
    });
    const letters = [..."abcdefghijklmnopqrstuvwxyz"];
    const queries = [...new Set([...words, ...letters, "vintercroft", "quillmoor", "holdings", "zzznomatch", "confidential", "open"])];
    let requests = 0;
    const differences: string[] = [];
    // The live panel searches through the keyed index (names and affiliations tokenized, the hidden one's too): it must not answer by it.
    for (const desk of desks) expect(await db().sourceSearchIndex.count({ where: { sourceId: desk.hiddenId } })).toBe(1);
    for (const where of ["as-of before", "as-of now", "live", "live, another contributor"] as const) {
      for (const q of queries) {
        const [first, second] = await Promise.all(desks.map((desk) => answer(desk, q, where)));
        requests += 2;
        if (JSON.stringify(first) !== JSON.stringify(second)) differences.push(`${where} q=${q}: ${JSON.stringify(first)} vs ${JSON.stringify(second)}`);
        for (const result of [first!, second!]) for (const secret of SECRETS) expect(JSON.stringify(result)).not.toContain(secret.split(" ")[0]);
      }
    }
    expect(differences).toEqual([]);
    expect(requests).toBeGreaterThan(215);
    // The original attack: the hidden name's own prefix finds nothing the non-matching query does not.
    for (const where of ["as-of before", "live", "live, another contributor"] as const) {
      expect(await answer(desks[0]!, "vintercroft", where)).toEqual(await answer(desks[0]!, "zzznomatch", where));
    }
    // And the alias is still found by its alias.
    expect((await answer(desks[0]!, "confidential", "as-of before")).names).toEqual(["Confidential source A"]);
  }, 300_000);
});
