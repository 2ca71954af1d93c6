// Sealed sources (issue 13), in the same run:
//   - the Sources panel of a story of 1,000 sources, as its lead (who may open every identity):
//     the first page, and a search by a name prefix — beside the same rows stored in plaintext
//     (another story, no data keys) read as before issue 13: the first page through the same
//     panel code (nothing to decrypt), the search as SQL ILIKE with the pre-13 predicate, LIMIT 50.
//     That is "today's figure" of the budget: what the panel cost before names were sealed, so
//     the ratio holds both the decryption and the move of the search out of SQL into the lens.
//     The same search through today's code on the plaintext copy is shown too: the difference
//     between it and the sealed search is the decryption alone;
//   - the decryption alone: unwrapping 1,000 data keys and opening what a search opens;
//   - `keys:rotate`'s code (rotateDataKeys) re-wrapping 10,000 data keys under a new desk key,
//     a few rounds, each checked (every key moved, every identity still opens).
// Every answer is checked against the names generated: a figure on a wrong answer is no figure.
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { asActor } from "./cluster";
import type { Scale } from "./config";
import { INSERTS, inBatches, makeConfidential, type DeskUsers } from "./generate";
import { machineInfo, metric, say, since, summarize, timed, type Metric } from "./stats";

export class SourcesCheckError extends Error {}

/** The budget (issue 13): the sealed panel's p95 against today's (before sealing) in the same run. */
const PANEL_RATIO = 1.5;

const SIZES = {
  full: { sources: 1_000, rotationKeys: 10_000, prefix: "Source 12", warmup: 10, iterations: 100, decryptRounds: 30, writeRounds: 50, rotations: 3 },
  small: { sources: 200, rotationKeys: 1_000, prefix: "Source 12", warmup: 3, iterations: 20, decryptRounds: 10, writeRounds: 10, rotations: 2 },
} as const;

type Named = Map<string, string>;

/** A story led by the bench lead with `count` sources (INSERTS.sources): their id → name, as generated. */
async function storyWithSources(client: pg.Client, users: DeskUsers, slug: string, count: number, batch: number): Promise<{ storyId: string; names: Named }> {
  const { lead } = users;
  const storyId = await asActor(client, lead.id, async () => {
    const story = await client.query<{ id: string }>(
      `INSERT INTO stories (slug, title, summary, created_by_id, updated_at) VALUES ($1, $2, 'Sources, sealed and not.', $3, clock_timestamp()) RETURNING id`,
      [slug, `Bench: ${slug}`, lead.id],
    );
    const id = story.rows[0]!.id;
    await client.query(
      `INSERT INTO story_members (story_id, user_id, role, added_by_id, updated_at) VALUES ($1, $2, 'lead'::"MemberRole", $2, clock_timestamp())`,
      [id, lead.id],
    );
    return id;
  });
  await inBatches(count, batch, (from, to) => asActor(client, lead.id, () => client.query(INSERTS.sources, [[storyId], from, to, lead.id])).then(() => {}));
  const rows = await client.query<{ id: string; name: string }>("SELECT id, name FROM sources WHERE story_id = $1", [storyId]);
  return { storyId, names: new Map(rows.rows.map((row) => [row.id, row.name])) };
}

/** The plaintext copy gets the same confidential share and aliases as makeConfidential gives the sealed one, unsealed. */
async function aliasLikeSealed(client: pg.Client, storyId: string, share: number, actorId: string): Promise<string[]> {
  const { aliasOf } = await import("@/lib/server/sources/protection");
  const ids = (await client.query<{ id: string }>("SELECT id FROM sources WHERE story_id = $1 ORDER BY id", [storyId])).rows.map((row) => row.id);
  const confidential = ids.slice(0, Math.ceil(ids.length * share));
  await asActor(client, actorId, () =>
    client.query(
      `UPDATE sources SET protection = 'confidential', alias = c.alias, version = version + 1, updated_at = clock_timestamp()
         FROM unnest($1::uuid[], $2::text[]) AS c(id, alias) WHERE sources.id = c.id`,
      [confidential, confidential.map((_, index) => aliasOf(index))],
    ),
  );
  return confidential;
}

type PanelPage = { items: { id: string; displayName: string; name: string | null }[]; total: number };

/** The page must be the generated rows, named as generated (the lead sees every identity). */
function check(what: string, page: PanelPage, names: Named, expected: { total: number; ids?: Set<string> }): void {
  if (page.total !== expected.total) throw new SourcesCheckError(`${what}: ${page.total} sources, ${expected.total} expected`);
  if (page.items.length !== Math.min(50, expected.total)) throw new SourcesCheckError(`${what}: ${page.items.length} on the page`);
  for (const item of page.items) {
    if (expected.ids && !expected.ids.has(item.id)) throw new SourcesCheckError(`${what}: ${item.id} does not match the search`);
    if (item.name !== names.get(item.id) || item.displayName !== item.name) throw new SourcesCheckError(`${what}: ${item.id} named "${item.displayName}", "${names.get(item.id)}" expected`);
  }
}

async function measurePanel(
  users: DeskUsers,
  sealed: { storyId: string; names: Named },
  plain: { storyId: string; names: Named; confidential: string[] },
  size: (typeof SIZES)[keyof typeof SIZES],
): Promise<Metric[]> {
  const { listSources } = await import("@/lib/server/sources/list");
  const { sourceFiltersSchema } = await import("@/lib/validations/workspace");
  const { storyAccessFor } = await import("@/lib/server/access");
  const { presentSnapshots } = await import("@/lib/entry-kinds/read");
  const { countWhere, snapshotsWhere } = await import("@/lib/entry-kinds/snapshot");
  const { orderSql } = await import("@/lib/entry-kinds/order");
  const { likePattern } = await import("@/lib/entry-kinds/search");
  const { entryModule } = await import("@/lib/entry-kinds");
  const { db } = await import("@/lib/db");
  const { lead } = users;
  const q = size.prefix;
  const firstPage = sourceFiltersSchema.parse({});
  const search = sourceFiltersSchema.parse({ q });

  /** The panel's search as it was before issue 13: in SQL, on plaintext names (sourceSearchSql then), one page. */
  async function searchBefore13(storyId: string): Promise<PanelPage> {
    const access = await storyAccessFor(lead, storyId, "reader");
    const pattern = likePattern(q);
    const conditions = [
      Prisma.sql`t.deleted_at IS NULL`,
      Prisma.sql`(t.alias ILIKE ${pattern} OR (t.protection <> 'confidential' AND (t.name ILIKE ${pattern} OR t.affiliation ILIKE ${pattern})))`,
    ];
    const tail = Prisma.sql`${orderSql(entryModule("source").orders.recent!)} LIMIT 50`;
    const [total, snapshots] = await Promise.all([countWhere("source", storyId, conditions), snapshotsWhere(db(), "source", storyId, conditions, tail)]);
    return { items: await presentSnapshots(access, "source", snapshots), total };
  }

  // Matches of the prefix, as the lead sees them: name or affiliation containing the words.
  const matching = (names: Named) => new Set([...names].filter(([, name]) => name.toLowerCase().includes(q.toLowerCase())).map(([id]) => id));
  // Before issue 13 a confidential source was searched by its alias only, even for its lead.
  const confidential = new Set(plain.confidential);
  const matchingBefore = new Set([...matching(plain.names)].filter((id) => !confidential.has(id)));
  const series = {
    sealedFirst: { run: () => listSources(lead, sealed.storyId, firstPage), names: sealed.names, ids: undefined },
    plainFirst: { run: () => listSources(lead, plain.storyId, firstPage), names: plain.names, ids: undefined },
    sealedSearch: { run: () => listSources(lead, sealed.storyId, search), names: sealed.names, ids: matching(sealed.names) },
    plainSearchToday: { run: () => listSources(lead, plain.storyId, search), names: plain.names, ids: matching(plain.names) },
    plainSearchBefore: { run: () => searchBefore13(plain.storyId), names: plain.names, ids: matchingBefore },
  };
  if (series.sealedSearch.ids.size === 0 || matchingBefore.size === 0) throw new SourcesCheckError(`the prefix "${q}" matches no source`);
  say(`sources: the panel of ${size.sources.toLocaleString("en")} sources (sealed, and a plaintext copy), first page and "${q}" (${series.sealedSearch.ids.size} matches), ${size.iterations} rounds, interleaved…`);
  const samples = Object.fromEntries(Object.keys(series).map((key) => [key, [] as number[]])) as Record<keyof typeof series, number[]>;
  const keys = Object.keys(series) as (keyof typeof series)[];
  for (let round = 0; round < size.warmup + size.iterations; round++) {
    // Each round in another order: no series always runs just after the same one.
    for (const key of round % 2 ? [...keys].reverse() : keys) {
      const { run, names, ids } = series[key];
      const { ms, value } = await timed(run);
      check(key, value, names, { total: ids?.size ?? names.size, ids });
      if (round >= size.warmup) samples[key].push(ms);
    }
  }
  const s = Object.fromEntries(keys.map((key) => [key, summarize(samples[key])])) as Record<keyof typeof series, ReturnType<typeof summarize>>;
  const budget = `≤ ${PANEL_RATIO}× before sealing`;
  const within = (own: keyof typeof series, base: keyof typeof series) => s[own].p95 <= PANEL_RATIO * s[base].p95;
  const n = size.sources.toLocaleString("en");
  return [
    metric(`sources panel, ${n} sealed: first page (lead)`, s.sealedFirst, s.plainFirst, budget, within("sealedFirst", "plainFirst"), { n: s.sealedFirst.n }),
    metric(`  baseline: the same page of the plaintext copy`, s.plainFirst, null, "info", null),
    metric(`sources panel, ${n} sealed: search "${q}" (lead)`, s.sealedSearch, s.plainSearchBefore, budget, within("sealedSearch", "plainSearchBefore"), {
      n: s.sealedSearch.n,
      matches: series.sealedSearch.ids.size,
    }),
    metric(`  baseline: the same search before issue 13 (SQL ILIKE, plaintext copy)`, s.plainSearchBefore, null, "info", null),
    metric(`  today's search code on the plaintext copy (no decryption)`, s.plainSearchToday, s.plainSearchBefore, "info", null),
  ];
}

/**
 * The decryption alone, through the protection lens (the only code that may reach the crypto):
 * the lens for the story's sources (their data keys, one query, unwrapped), then each source's
 * name and affiliation opened as the lead sees them (what a search opens).
 */
async function measureDecrypt(client: pg.Client, users: DeskUsers, sealed: { storyId: string; names: Named }, rounds: number): Promise<Metric[]> {
  const { SourceLens, storedOf } = await import("@/lib/server/sources/protection");
  const { storyAccessFor } = await import("@/lib/server/access");
  const access = await storyAccessFor(users.lead, sealed.storyId, "reader");
  // The rows as stored (sealed), as the app's snapshots give them to the lens.
  const rows = (await client.query<{ snapshot: Record<string, unknown> }>("SELECT to_jsonb(s) AS snapshot FROM sources s WHERE s.story_id = $1", [sealed.storyId])).rows.map((row) => storedOf(row.snapshot));
  const keys: number[] = [];
  const open: number[] = [];
  for (let round = 0; round < rounds + 2; round++) {
    const a = await timed(() => SourceLens.load(access, rows.map((row) => row.id)));
    const b = await timed(async () => rows.map((row) => a.value.identity(row)));
    for (const [index, identity] of b.value.entries()) {
      if (identity.name !== sealed.names.get(rows[index]!.id)) throw new SourcesCheckError(`decrypt: ${rows[index]!.id} opened as "${identity.name}"`);
    }
    if (round < 2) continue; // warm-up
    keys.push(a.ms);
    open.push(b.ms);
  }
  const perSource = (ms: number) => Math.round((ms * 1000 * 100) / rows.length) / 100;
  const opened = summarize(open);
  const loaded = summarize(keys);
  return [
    metric(`decrypt ${rows.length.toLocaleString("en")} sources through the lens: open name, affiliation, link, notes`, opened, null, "info", null, { usPerSourceP50: perSource(opened.p50), usPerSourceP95: perSource(opened.p95) }),
    metric(`  the lens's keys: one query, every data key unwrapped`, loaded, null, "info", null, { usPerSourceP50: perSource(loaded.p50), usPerSourceP95: perSource(loaded.p95) }),
  ];
}

/**
 * What the index costs a write: creating a source through the app (createSource: its data key,
 * every field sealed, its search tokens, the revision, one transaction), beside the index step
 * alone (indexSource: tokens derived and written) timed inside a transaction of its own, rolled
 * back, on the same names — "without indexing" is the first less the second.
 */
async function measureWriteCost(users: DeskUsers, sealed: { storyId: string }, rounds: number): Promise<Metric[]> {
  const { createSource } = await import("@/lib/server/sources/write");
  const { indexSource } = await import("@/lib/server/sources/protection");
  const { db } = await import("@/lib/db");
  const create: number[] = [];
  const index: number[] = [];
  class Rollback extends Error {}
  for (let round = 0; round < rounds + 3; round++) {
    const identity = { name: `Written source ${round}`, affiliation: `Harbour authority, office ${round % 40}` };
    const a = await timed(() => createSource(users.lead, { storyId: sealed.storyId, kind: "person", ...identity }));
    if (a.value.name !== identity.name) throw new SourcesCheckError(`create: named "${a.value.name}"`);
    let ms = 0;
    await db()
      .$transaction(async (tx) => {
        ms = (await timed(() => indexSource(tx, sealed.storyId, a.value.id, identity))).ms;
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    if (round < 3) continue; // warm-up
    create.push(a.ms);
    index.push(ms);
  }
  const c = summarize(create);
  const i = summarize(index);
  return [
    metric(`create a source (createSource, with its search tokens)`, c, null, "reported", null, { n: c.n }),
    metric(`  of which the index step (tokens derived and written)`, i, null, "reported", null, { n: i.n, shareOfCreateP50: Math.round((i.p50 * 1000) / c.p50) / 10 }),
  ];
}

/** keys:rotate's code on the bench database: every data key re-wrapped under a new desk key, `rounds` times, each checked. */
async function measureRotation(client: pg.Client, users: DeskUsers, size: (typeof SIZES)[keyof typeof SIZES], batch: number, sealed: { storyId: string; names: Named }): Promise<Metric[]> {
  const { keyCensus, rotateDataKeys } = await import("@/lib/server/crypto/rotate");
  const { generateKeyEntry } = await import("@/lib/server/crypto/keys");
  const { SourceLens, rebuildSearchIndex, searchIndexCensus } = await import("@/lib/server/sources/protection");
  const { storyAccessFor } = await import("@/lib/server/access");
  const { listSources } = await import("@/lib/server/sources/list");
  const { sourceFiltersSchema } = await import("@/lib/validations/workspace");
  // With the panel's sealed story, rotationKeys data keys of this part's own; on a full run the
  // other parts' stories (the desk, the dossier's) hold keys too, and keys:rotate re-wraps them all.
  const keysIn = async () => Object.values((await keyCensus()).byDeskKey).reduce((a, b) => a + b, 0);
  const others = (await keysIn()) - sealed.names.size;
  const { storyId, names } = await storyWithSources(client, users, "bench-rotation", size.rotationKeys - sealed.names.size, batch);
  await makeConfidential(client, storyId, 0, users.lead.id);
  await client.query("VACUUM ANALYZE sources, source_keys, source_search_index");
  const total = await keysIn();
  if (total !== others + size.rotationKeys) throw new SourcesCheckError(`${total} data keys before the rotation, ${others + size.rotationKeys} expected (${others} of other parts' stories)`);
  const sources = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM sources WHERE burned_at IS NULL")).rows[0]!.n;
  say(`sources: rotating ${total.toLocaleString("en")} data keys with keys:rotate's code, then re-indexing ${sources.toLocaleString("en")} sources, ${size.rotations} rounds…`);
  const samples: number[] = [];
  const reindex: number[] = [];
  for (let round = 1; round <= size.rotations; round++) {
    // A new current desk key; the older ones stay listed (they unwrap until the rotation is done).
    process.env.STORYDESK_ENCRYPTION_KEYS = `${generateKeyEntry(`bench-r${round}`)},${process.env.STORYDESK_ENCRYPTION_KEYS}`;
    const { ms, value: rewrapped } = await timed(() => rotateDataKeys({ batchSize: 500 }));
    const census = await keyCensus();
    if (rewrapped !== total || census.byDeskKey[`bench-r${round}`] !== total || Object.keys(census.byDeskKey).length !== 1) {
      throw new SourcesCheckError(`rotation ${round}: ${rewrapped} re-wrapped, census ${JSON.stringify(census.byDeskKey)}; ${total} expected under bench-r${round}`);
    }
    samples.push(ms);
    // keys:rotate then rebuilds the search index under the new desk key (its key is derived from it).
    // Every source of the bench database: the plaintext copy too (as a desk's unsealed sources would be).
    const rebuild = await timed(() => rebuildSearchIndex({ batchSize: 200 }));
    const index = await searchIndexCensus();
    if (rebuild.value !== sources || index.notIndexed !== 0 || JSON.stringify(Object.keys(index.byDeskKey)) !== JSON.stringify([`bench-r${round}`])) {
      throw new SourcesCheckError(`rotation ${round}: ${rebuild.value} re-indexed, index ${JSON.stringify(index)}; ${sources} expected under bench-r${round}`);
    }
    reindex.push(rebuild.ms);
  }
  // The search still finds what it found, under the last desk key's tokens.
  const q = size.prefix;
  const found = await listSources(users.lead, sealed.storyId, sourceFiltersSchema.parse({ q }));
  const expected = [...sealed.names.values()].filter((name) => name.toLowerCase().includes(q.toLowerCase())).length;
  if (found.total !== expected) throw new SourcesCheckError(`after rotation, "${q}" finds ${found.total} sources, ${expected} expected`);
  // Every identity of both stories still opens, through the lens, under the last desk key.
  for (const story of [{ storyId, names }, sealed]) {
    const lens = await SourceLens.load(await storyAccessFor(users.lead, story.storyId, "reader"), story.names.keys());
    const rows = (await client.query<{ id: string; name: string }>("SELECT id, name FROM sources WHERE story_id = $1", [story.storyId])).rows;
    for (const row of rows) {
      const label = lens.label({ id: row.id, name: row.name, affiliation: "", link: "", notes: "", protection: "standard", alias: null, loggedById: users.lead.id, burnedAt: null });
      if (label !== story.names.get(row.id)) throw new SourcesCheckError(`after rotation, ${row.id} opens as "${label}"`);
    }
  }
  const s = summarize(samples);
  const r = summarize(reindex);
  return [
    metric(`keys:rotate: re-wrap ${total.toLocaleString("en")} data keys (batches of 500)`, s, null, "reported", null, {
      rounds: s.n,
      keys: total,
      keysPerSecondP50: Math.round((total * 1000) / s.p50),
    }),
    metric(`keys:rotate: rebuild the search index of ${sources.toLocaleString("en")} sources (batches of 200)`, r, null, "reported", null, {
      rounds: r.n,
      sources,
      sourcesPerSecondP50: Math.round((sources * 1000) / r.p50),
    }),
  ];
}

export async function measureSources(client: pg.Client, scale: Scale, users: DeskUsers): Promise<Metric[]> {
  const size = SIZES[scale.name === "large" ? "full" : scale.name]; // a large run keeps the full-scale sizes here
  // The same rows twice: sealed through the lens's bulk path (as generateDesk does), and as plaintext.
  const sealed = await storyWithSources(client, users, "bench-sources-sealed", size.sources, scale.updateBatch);
  await makeConfidential(client, sealed.storyId, scale.confidentialShare, users.lead.id);
  const plainStory = await storyWithSources(client, users, "bench-sources-plain", size.sources, scale.updateBatch);
  const plain = { ...plainStory, confidential: await aliasLikeSealed(client, plainStory.storyId, scale.confidentialShare, users.lead.id) };
  await client.query("VACUUM ANALYZE sources, source_keys, source_search_index, revisions, revision_chains");
  const sealedCount = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM sources WHERE story_id = $1 AND name LIKE 'sdenc:v2:%'", [sealed.storyId]);
  if (sealedCount.rows[0]?.n !== size.sources) throw new SourcesCheckError(`${sealedCount.rows[0]?.n} of ${size.sources} names sealed`);
  const panel = await measurePanel(users, sealed, plain, size);
  const decrypt = await measureDecrypt(client, users, sealed, size.decryptRounds);
  const rotation = await measureRotation(client, users, size, scale.updateBatch, sealed);
  // Last: these add sources (and data keys) the checks above count.
  const writes = await measureWriteCost(users, sealed, size.writeRounds);
  const detail = (m: Metric | undefined) => m?.detail ?? {};
  say(
    `sources: decrypting costs ${detail(decrypt[0]).usPerSourceP50} µs a source (p50; unwrapping its key ${detail(decrypt[1]).usPerSourceP50} µs); ` +
      `keys:rotate re-wrapped ${Number(detail(rotation[0]).keys).toLocaleString("en")} data keys at ${Number(detail(rotation[0]).keysPerSecondP50).toLocaleString("en")} keys/s (p50)`,
  );
  return [...panel, ...decrypt, ...writes, ...rotation];
}

/** The part as index.ts runs it: its metrics, a broken check as a problem, its section of results.json. */
export async function sourcesPart(client: pg.Client, scale: Scale, users: DeskUsers): Promise<{ metrics: Metric[]; problems: string[]; section: Record<string, unknown> }> {
  const start = performance.now();
  const metrics: Metric[] = [];
  const problems: string[] = [];
  try {
    metrics.push(...(await measureSources(client, scale, users)));
  } catch (error) {
    if (!(error instanceof SourcesCheckError)) throw error;
    problems.push(`sources FAILED: ${error.message}`);
  }
  const missed = metrics.filter((m) => m.met === false).map((m) => m.metric);
  const section = { timestamp: new Date().toISOString(), scale: scale.name, machine: machineInfo(), seconds: Math.round(since(start) / 100) / 10, metrics, missed, problems };
  return { metrics, problems, section };
}
