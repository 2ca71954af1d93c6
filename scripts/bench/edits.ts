// 3b. An entry edit with its revision: `updateQuote` (the domain function: access check,
// Prisma transaction, chain lock, version check, the ledger trigger) beside a bare SQL
// transaction doing the same writes on untriggered copies of `quotes` and `revisions`.
// A third series, the same SQL on the real (tracked) table, isolates the trigger's share.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import type { SessionUser } from "@/lib/server/access";
import type { UpdateQuoteInput } from "@/lib/validations/quotes";
import { BUDGETS, type Scale } from "./config";
import type { Desk } from "./generate";
import { metric, say, summarize, timed, type Metric, type Summary } from "./stats";
import { approximateToFormValue, type TimePrecisionValue } from "@/lib/approximate-date";

export type QuoteSeed = {
  id: string;
  version: number;
  text: string;
  fields: Omit<UpdateQuoteInput, "quoteId" | "version" | "text" | "reason">;
};

type QuoteRow = {
  id: string;
  story_id: string;
  speaker_id: string;
  text: string;
  said_at: Date | null;
  said_at_precision: TimePrecisionValue;
  medium: NonNullable<UpdateQuoteInput["medium"]>;
  link: string;
  language: string;
  verification: NonNullable<UpdateQuoteInput["verification"]>;
  use: NonNullable<UpdateQuoteInput["use"]>;
  notes: UpdateQuoteInput["notes"];
  version: number;
};

/** Live quotes of the story, `count` of them from `offset` (in id order): each caller gets its own. */
export async function loadQuotes(client: pg.Client, storyId: string, offset: number, count: number): Promise<QuoteSeed[]> {
  const result = await client.query<QuoteRow>(
    `SELECT id, story_id, speaker_id, text, said_at, said_at_precision, medium, link, language, verification, use, notes, version
       FROM quotes WHERE story_id = $1 AND deleted_at IS NULL ORDER BY id OFFSET $2 LIMIT $3`,
    [storyId, offset, count],
  );
  if (result.rows.length < count) throw new Error(`the big story has too few quotes (${result.rows.length} from ${offset}, ${count} needed)`);
  return result.rows.map((row) => ({
    id: row.id,
    version: row.version,
    text: row.text,
    fields: {
      storyId: row.story_id,
      speakerId: row.speaker_id,
      // As the form sends it: a day, or a full ISO moment.
      saidAt: approximateToFormValue(row.said_at, row.said_at_precision),
      medium: row.medium,
      link: row.link,
      language: row.language,
      verification: row.verification,
      use: row.use,
      notes: row.notes,
    },
  }));
}

type UpdateQuote = (user: SessionUser, raw: UpdateQuoteInput) => Promise<{ version: number; text: string }>;

/** One domain edit; checks that it was applied and advances the seed's version. */
export async function editQuote(updateQuote: UpdateQuote, user: SessionUser, seed: QuoteSeed, text: string, reason: string): Promise<void> {
  const view = await updateQuote(user, { ...seed.fields, quoteId: seed.id, version: seed.version, text, reason });
  if (view.version !== seed.version + 1 || view.text !== text) {
    throw new Error(`edit of quote ${seed.id} not applied (version ${view.version}, expected ${seed.version + 1})`);
  }
  seed.version = view.version;
}

/** The n-th visit of an entry alternates its words, so every edit changes them (and records a revision). */
const wordsFor = (seed: QuoteSeed, visit: number) => (visit % 2 === 0 ? `${seed.text} [checked]` : seed.text);

export async function prepareBaseline(client: pg.Client, storyId: string): Promise<void> {
  await client.query(`CREATE TABLE quotes_baseline (LIKE quotes INCLUDING ALL)`);
  await client.query(`INSERT INTO quotes_baseline SELECT * FROM quotes`);
  await client.query(`CREATE TABLE revisions_baseline (LIKE revisions INCLUDING ALL)`);
  // As many rows (and index entries) as the real ledger holds for the story.
  await client.query(`INSERT INTO revisions_baseline SELECT * FROM revisions WHERE chain = $1`, [storyId]);
  await client.query(`ANALYZE quotes_baseline; ANALYZE revisions_baseline`);
}

/** The bare transaction: the row update and a revision-sized insert, nothing computed in the database. */
export async function bareEdit(client: pg.Client, desk: Desk, seed: QuoteSeed, text: string, reason: string, seq: number, prevHash: string): Promise<string> {
  const hash = randomBytes(32).toString("hex");
  const snapshot = JSON.stringify({ id: seed.id, ...seed.fields, text, version: seed.version + 1, logged_by_id: desk.lead.id });
  await client.query("BEGIN");
  try {
    const updated = await client.query(
      `UPDATE quotes_baseline SET text = $1, version = version + 1, updated_at = now() WHERE id = $2 AND version = $3`,
      [text, seed.id, seed.version],
    );
    if (updated.rowCount !== 1) throw new Error(`baseline update of ${seed.id} matched ${updated.rowCount} rows`);
    await client.query(
      `INSERT INTO revisions_baseline (chain, story_id, seq, entity_type, entity_id, action, actor_id, reason, changed_fields, snapshot, created_at, prev_hash, hash)
       VALUES ('baseline', $1, $2, 'quote', $3, 'update', $4, $5, ARRAY['text'], $6, now(), $7, $8)`,
      [desk.bigStoryId, seq, seed.id, desk.lead.id, reason, snapshot, prevHash, hash],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
  seed.version += 1;
  return hash;
}

/** The same edit as SQL on the tracked table: the trigger's work, without Prisma or the domain's reads. */
async function trackedSqlEdit(client: pg.Client, desk: Desk, seed: QuoteSeed, text: string, reason: string): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT set_config('storydesk.actor_id', $1, true), set_config('storydesk.reason', $2, true)", [desk.lead.id, reason]);
    await client.query("SELECT 1 FROM revision_chains WHERE chain = $1 FOR UPDATE", [desk.bigStoryId]);
    const updated = await client.query(`UPDATE quotes SET text = $1, version = version + 1, updated_at = now() WHERE id = $2 AND version = $3`, [
      text,
      seed.id,
      seed.version,
    ]);
    if (updated.rowCount !== 1) throw new Error(`tracked update of ${seed.id} matched ${updated.rowCount} rows`);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
  seed.version += 1;
}

export type EditResult = { metrics: Metric[]; domain: Summary };

export async function measureEdits(client: pg.Client, desk: Desk, scale: Scale): Promise<EditResult> {
  const { updateQuote } = await import("@/lib/server/quotes");
  const { count, entries, warmup } = scale.edits;
  await prepareBaseline(client, desk.bigStoryId);
  // Distinct quotes for each series (the writers use the ones after these).
  const domainSeeds = await loadQuotes(client, desk.bigStoryId, 0, entries);
  const trackedSeeds = await loadQuotes(client, desk.bigStoryId, entries, entries);
  const warmSeeds = await loadQuotes(client, desk.bigStoryId, 2 * entries, Math.min(warmup, entries));
  const baselineSeeds = domainSeeds.map((seed) => ({ ...seed }));

  say(`edits: ${warmup} warm-up edits, then ${count} of each series, interleaved…`);
  for (let i = 0; i < warmup; i++) {
    const seed = warmSeeds[i % warmSeeds.length]!;
    await editQuote(updateQuote, desk.lead, seed, wordsFor(seed, Math.floor(i / warmSeeds.length)), "bench warm-up");
  }

  const samples = { domain: [] as number[], tracked: [] as number[], bare: [] as number[] };
  let prevHash = "0".repeat(64);
  for (let i = 0; i < count; i++) {
    const index = i % entries;
    const visit = Math.floor(i / entries);
    const reason = `bench edit ${i}: corrected against the recording`;
    const series = [
      async () => {
        const seed = domainSeeds[index]!;
        samples.domain.push((await timed(() => editQuote(updateQuote, desk.lead, seed, wordsFor(seed, visit), reason))).ms);
      },
      async () => {
        const seed = trackedSeeds[index]!;
        samples.tracked.push((await timed(() => trackedSqlEdit(client, desk, seed, wordsFor(seed, visit), reason))).ms);
      },
      async () => {
        const seed = baselineSeeds[index]!;
        const { ms, value } = await timed(() => bareEdit(client, desk, seed, wordsFor(seed, visit), reason, i + 1, prevHash));
        prevHash = value;
        samples.bare.push(ms);
      },
    ];
    // Rotate the order so that no series always runs first (or right after another).
    for (let k = 0; k < series.length; k++) await series[(i + k) % series.length]!();
  }

  const domain = summarize(samples.domain);
  const tracked = summarize(samples.tracked);
  const bare = summarize(samples.bare);
  const ratio = domain.p95 / bare.p95;
  const met = domain.p95 <= BUDGETS.editP95Ms && ratio <= BUDGETS.editRatio;
  return {
    domain,
    metrics: [
      metric("edit: updateQuote (domain + revision)", domain, bare, `≤ ${BUDGETS.editP95Ms} ms, ≤ ${BUDGETS.editRatio}×`, met, { n: domain.n, max: round(domain.max) }),
      metric("edit: same SQL on tracked table (trigger only)", tracked, bare, "info", null, { n: tracked.n }),
      metric("edit: bare SQL, untriggered copies (baseline)", bare, null, "info", null, { n: bare.n }),
    ],
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
