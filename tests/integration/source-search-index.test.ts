// The sources panel's search through the keyed blind index (issue 13): the index only narrows the
// rows the lens names, so every answer must be exactly what the search gave before it (every
// live source named for the reader and matched in Node) — for every reader, on a few hundred
// generated sources with Latin, Greek, Turkish, Hebrew and Arabic names, after edits, restores,
// deletions and burns. A burn leaves no tokens; a rotation keeps the search working throughout.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryModule } from "@/lib/entry-kinds";
import { EntryNames } from "@/lib/entry-kinds/names";
import { snapshotComparator } from "@/lib/entry-kinds/order";
import { snapshotsWhere } from "@/lib/entry-kinds/snapshot";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { rotateDataKeys } from "@/lib/server/crypto/rotate";
import { deleteEntry } from "@/lib/server/entries";
import { restoreRevision } from "@/lib/server/history/restore";
import { listSources } from "@/lib/server/sources/list";
import { rebuildSearchIndex, searchCandidates, searchIndexCensus } from "@/lib/server/sources/protection";
import { burnSource, createSource, updateSource } from "@/lib/server/sources/write";
import { sourceFiltersSchema } from "@/lib/validations/workspace";
import { makeDesk, type TestUser } from "@/prisma/factories";
import { withRawClient } from "../support/db";

/** mulberry32: the generated desk and queries reproduce from the seed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SEED = 1301;
const rand = random(SEED);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const FIRST = ["Amira", "Bogdan", "Chloé", "Dvořák", "Émile", "Farida", "Günther", "Hélène", "İlkay", "József", "ΟΔΥΣΣΕΑΣ", "Σοφία", "Straße", "Zoë", "דוד", "שרה", "מרים", "יוסף", "محمد", "فاطمة", "ليلى", "عمر"];
const LAST = ["Abadi", "Brandt", "Çelik", "Duarte", "Ng", "O'Hara", "Quist", "Vintercroft", "כהן", "לוי", "אברהם", "מזרחי", "العلي", "حسن", "منصور", "الخطيب"];
const AFFILIATIONS = ["", "Ministry of Ports", "Harbour board, office 12", "Hafenbehörde Süd", "وزارة الداخلية", "משרד הביטחון", "Κεντρική Υπηρεσία", "50% Partners_LLC"];
const PROTECTIONS = ["on_record", "on_record", "background", "deep_background", "confidential"] as const;
const casing = (text: string) => (rand() < 0.15 ? text.toUpperCase() : rand() < 0.15 ? text.toLowerCase() : text);

const SOURCES = 300;
let people: { lead: TestUser; reporter: TestUser; other: TestUser; reader: TestUser };
let storyId: string;
const texts: string[] = [];

beforeAll(async () => {
  const desk = await makeDesk({ lead: { role: "editor", on: "lead" }, reporter: { on: "contributor" }, other: { on: "contributor" }, reader: { on: "reader" } });
  // The users only: the desk also carries its storyId, which is nobody.
  people = { lead: desk.lead, reporter: desk.reporter, other: desk.other, reader: desk.reader };
  storyId = desk.storyId;
  const created: { id: string; by: TestUser }[] = [];
  for (let n = 0; n < SOURCES; n++) {
    const name = casing(`${pick(FIRST)} ${pick(LAST)}${rand() < 0.3 ? ` ${n}` : ""}`);
    const affiliation = pick(AFFILIATIONS);
    const by = rand() < 0.5 ? desk.lead : desk.reporter;
    const source = await createSource(by, { storyId, name, kind: "person", affiliation, protection: pick(PROTECTIONS) });
    created.push({ id: source.id, by });
    texts.push(name, affiliation);
  }
  // Renames (the index follows), one restored to its first name (the index follows the restore),
  // deletions (not on the live panel) and burns (no identity left: found by the burned label only).
  for (const { id, by } of created.slice(0, 8)) {
    const name = `Renamed ${pick(LAST)} ${pick(FIRST)}`;
    await updateSource(by, { storyId, sourceId: id, version: 1, name });
    texts.push(name);
  }
  const [first] = await db().revision.findMany({ where: { entityId: created[0]!.id }, orderBy: { seq: "asc" }, take: 1 });
  await restoreRevision(desk.lead, { storyId, entityType: "source", entityId: created[0]!.id, seq: Number(first!.seq), version: 2, reason: "Back to the first name" });
  for (const { id } of created.slice(10, 14)) await deleteEntry(desk.lead, { storyId, kind: "source", entryId: id, version: 1 });
  for (const { id } of created.slice(20, 23)) await burnSource(desk.lead, { storyId, sourceId: id, version: 1, reason: "Source at risk" });
}, 600_000);

/** The search before the index: every live source named for the reader and matched in Node, sorted as the panel sorts (newest first), one page. */
async function searchedInNode(user: SessionUser, q: string) {
  const access = await storyAccessFor(user, storyId, "reader");
  const kind = entryModule("source");
  const all = await snapshotsWhere(db(), "source", storyId, [Prisma.sql`t.deleted_at IS NULL`]);
  const names = await EntryNames.load(access, all.map((snapshot) => ({ kind: "source", snapshot })), { live: true });
  const found = q.trim() ? all.filter((snapshot) => kind.search.matches(snapshot, q.trim(), names)) : all;
  found.sort(snapshotComparator(kind.orders.recent!));
  return { total: found.length, ids: found.slice(0, 50).map((snapshot) => String(snapshot.id)) };
}

async function searched(user: SessionUser, q: string) {
  const page = await listSources(user, storyId, sourceFiltersSchema.parse({ q }));
  return { total: page.total, ids: page.items.map((item) => item.id) };
}

/** Pieces of the generated names and affiliations (any case), the aliases and burned labels, and words nobody has. */
function queries(count: number): string[] {
  const out = new Set(["confidential", "Confidential source B", "burned", "destroyed on", "zzznomatch", "%", "_", "50%", "o'h", "ال", "כה", "σ", "ς", "i̇", "SS", "ß", " source "]);
  while (out.size < count) {
    const text = pick(texts.filter(Boolean));
    const length = 1 + Math.floor(rand() * 5);
    const at = Math.floor(rand() * Math.max(1, text.length - length));
    out.add(casing(text.slice(at, at + length)));
  }
  return [...out];
}

describe("the sources search through the keyed index", () => {
  it("answers exactly as the search in Node did, for every reader, on 300 generated sources", async () => {
    const differences: string[] = [];
    let nonEmpty = 0;
    for (const [who, user] of Object.entries(people)) {
      for (const q of queries(40)) {
        const [expected, actual] = await Promise.all([searchedInNode(user, q), searched(user, q)]);
        if (expected.total > 0) nonEmpty++;
        if (JSON.stringify(expected) !== JSON.stringify(actual)) differences.push(`${who} q=${JSON.stringify(q)}: ${expected.total} expected, ${actual.total} found`);
      }
    }
    expect(differences).toEqual([]);
    expect(nonEmpty).toBeGreaterThan(100); // the queries do find things
  }, 600_000);

  it("narrows the rows named to the candidates, and always keeps every hidden and burned source among them", async () => {
    const count = async (user: SessionUser, q: string) => {
      const access = await storyAccessFor(user, storyId, "reader");
      return (await snapshotsWhere(db(), "source", storyId, [Prisma.sql`t.deleted_at IS NULL`, searchCandidates(access, q)!])).length;
    };
    const live = (await snapshotsWhere(db(), "source", storyId, [Prisma.sql`t.deleted_at IS NULL`])).length;
    const hiddenOrBurned = await db().source.count({ where: { storyId, deletedAt: null, OR: [{ burnedAt: { not: null } }, { protection: "confidential" }] } });
    expect(await count(people.lead, "zzznomatch")).toBe(3); // the burned ones: matched by their label in the lens
    expect(await count(people.lead, "Vintercroft")).toBeLessThan(live / 4);
    expect(await count(people.reader, "zzznomatch")).toBe(hiddenOrBurned);
  });

  it("stores no plaintext, and a burn leaves no tokens", async () => {
    const name = "Ysolde Pembrake-Quist";
    const source = await createSource(people.reporter, { storyId, name, kind: "person", affiliation: "Quistworks canary office" });
    const rows = async () =>
      withRawClient((client) => client.query<{ raw: string }>("SELECT row_to_json(x)::text AS raw FROM source_search_index x WHERE source_id = $1", [source.id]).then((r) => r.rows));
    const before = await rows();
    expect(before).toHaveLength(1);
    expect(before[0]!.raw).not.toMatch(/ysolde|pembrake|quist/i);
    // Padded: how many tokens a source has does not tell its length.
    const [{ tokens } = { tokens: 0 }] = await withRawClient((client) => client.query<{ tokens: number }>("SELECT cardinality(tokens) AS tokens FROM source_search_index WHERE source_id = $1", [source.id]).then((r) => r.rows));
    expect(tokens % 64).toBe(0);
    expect((await searched(people.lead, "pembrake-q")).ids).toEqual([source.id]);
    await burnSource(people.lead, { storyId, sourceId: source.id, version: 1, reason: "Source at risk" });
    expect(await rows()).toEqual([]);
    expect((await searched(people.lead, "pembrake-q")).ids).toEqual([]);
  });
});

describe("sources sealed before the index existed", () => {
  it("are candidates whatever the words until keys:seal's rebuild indexes them", async () => {
    const source = await createSource(people.lead, { storyId, name: "Ottoline Brackwater", kind: "person" });
    // As a desk upgraded from before the index: sealed, no tokens (deleted as the owner).
    await withRawClient((client) => client.query("DELETE FROM source_search_index WHERE source_id = $1", [source.id]));
    expect((await searchIndexCensus()).notIndexed).toBe(1);
    expect((await searched(people.lead, "brackw")).ids).toEqual([source.id]);
    expect(await searched(people.lead, "zzznomatch")).toEqual(await searchedInNode(people.lead, "zzznomatch"));
    expect(await rebuildSearchIndex()).toBe(1);
    expect((await searchIndexCensus()).notIndexed).toBe(0);
    expect((await searched(people.lead, "brackw")).ids).toEqual([source.id]);
  });
});

describe("rotating the desk key", () => {
  const original = process.env.STORYDESK_ENCRYPTION_KEYS;
  afterAll(() => {
    process.env.STORYDESK_ENCRYPTION_KEYS = original;
  });

  it("keeps the search answering as before: while the index is under the old key, while it is rebuilt, and after the old key is retired", async () => {
    const probe = queries(12);
    const expected = async () => Promise.all(probe.map((q) => searchedInNode(people.lead, q)));
    const answers = async () => Promise.all(probe.map((q) => searched(people.lead, q)));
    const newKey = `k2:${randomBytes(32).toString("base64")}`;
    process.env.STORYDESK_ENCRYPTION_KEYS = `${newKey},${original}`;
    expect(await answers()).toEqual(await expected());

    await rotateDataKeys();
    // Interrupted after the first batch: half under each key, the search still whole.
    const interrupted = await rebuildSearchIndex({
      batchSize: 100,
      onProgress: () => {
        throw new Error("interrupted");
      },
    }).catch((error: Error) => error.message);
    expect(interrupted).toBe("interrupted");
    const midway = await searchIndexCensus();
    expect(midway.byDeskKey.k2).toBe(100);
    expect(midway.byDeskKey.k1).toBeGreaterThan(100);
    expect(await answers()).toEqual(await expected());

    await rebuildSearchIndex();
    const census = await searchIndexCensus();
    expect(Object.keys(census.byDeskKey)).toEqual(["k2"]);
    expect(census.notIndexed).toBe(0);
    process.env.STORYDESK_ENCRYPTION_KEYS = newKey;
    expect(await answers()).toEqual(await expected());
    expect((await answers()).some((answer) => answer.total > 0)).toBe(true);
  }, 300_000);
});
