// The demo desk: five accounts and the developing story from shared/seed-story, logged the
// way the desk would have logged it over four days. Idempotent: it does nothing once the demo
// admin exists. Every write goes through the domain functions (and so through the ledger);
// runAt() dates each one in the simulated past. The content is in demo-story*.ts.
import pg from "pg";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/server/access";
import { deleteEntry, restoreEntry } from "@/lib/server/entries";
import { runAt, SYSTEM_ACTOR_ID } from "@/lib/server/ledger";
import { createQuestion, updateQuestion } from "@/lib/server/questions";
import { createQuote, updateQuote } from "@/lib/server/quotes";
import { createSource, updateSource } from "@/lib/server/sources/write";
import { updateMemo, updateStory } from "@/lib/server/stories";
import { createTimelineEvent } from "@/lib/server/timeline";
import { importDocument } from "@/lib/server/evidence/documents";
import { createClaim } from "@/lib/server/evidence/claims";
import { anchorQuote } from "@/lib/server/evidence/quotes";
import { DEMO_CLAIMS, DEMO_DOCUMENTS, QUOTE_DOCUMENTS, reportText, type DocumentKey } from "./demo-evidence";
import type { RichTextDoc } from "@/lib/rich-text";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { addToStory, makeStory, makeUser, type TestUser } from "./factories";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./demo-accounts";
import { seedDemoFollowUps } from "./demo-follow-ups";
import {
  DEMO_STORY,
  DEMO_STORY_FIRST,
  EVIDENCE_AS_FIRST_LOGGED,
  EVIDENCE_CORRECTION_REASON,
  QUOTES,
  SMITH_CONFIRMED,
  SOURCES,
  type QuoteKey,
  type SourceKey,
  type SourceSeed,
} from "./demo-story";
import {
  MEMO,
  MEMO_DRAFT,
  QUESTIONS,
  SUBSCRIPTIONS_PROGRESS,
  TIMELINE,
  UNIT_PROGRESS,
  WIDER_WORK_ANSWER,
  type EventKey,
  type QuestionKey,
  type QuestionProgress,
} from "./demo-story-entries";

export { DEMO_STORY } from "./demo-story";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Where the simulated history starts: the accounts, then the story two hours later. */
const START_HOURS_AGO = 100;
/** The members' last look at the story: before the day's work (Lina's progress, the meeting, the memo). */
const LAST_VISIT_HOURS_AGO = 8;

/**
 * Before Prisma opens a connection (db() is lazy): is the desk seeded already, and if not,
 * turn on simulated revision times for this database. A per-database setting reaches new
 * sessions only, hence the raw client. Returns null when there is nothing to do.
 */
async function prepareDatabase(startAt: Date): Promise<{ simulateAccounts: boolean } | null> {
  // ALTER DATABASE needs the database's owner (the migration role), not the app's runtime role.
  const client = new pg.Client({ connectionString: process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL });
  await client.connect();
  try {
    const existing = await client.query("SELECT 1 FROM users WHERE email = $1", [DEMO_ACCOUNTS[0]!.email]);
    if (existing.rowCount) return null;
    const { rows } = await client.query<{ name: string }>("SELECT current_database() AS name");
    try {
      await client.query(`ALTER DATABASE ${client.escapeIdentifier(rows[0]!.name)} SET storydesk.demo = 'on'`);
    } catch (error) {
      if ((error as { code?: string }).code !== "42501") throw error;
      console.warn("Demo seed: this database user may not ALTER DATABASE; the demo history will carry today's times.");
    }
    // The accounts' revisions go on the desk chain: date them in the past only if that keeps
    // the chain's times in order (nothing on it yet, or nothing later than the start).
    const desk = await client.query<{ updated_at: Date }>("SELECT updated_at FROM revision_chains WHERE chain = 'desk'");
    return { simulateAccounts: !desk.rows[0] || desk.rows[0].updated_at < startAt };
  } finally {
    await client.end();
  }
}

/** Simulated time: each working session starts `hoursAgo`; its writes follow a few minutes apart. */
function demoClock(now: number) {
  let cursor = now;
  let last = -Infinity;
  let writes = 0;
  return {
    session(hoursAgo: number) {
      cursor = now - hoursAgo * HOUR;
      if (cursor <= last) throw new Error(`Demo seed: the session ${hoursAgo} h ago starts before the previous one ended.`);
    },
    write<T>(work: () => Promise<T>): Promise<T> {
      const at = cursor;
      last = at;
      writes++;
      // Two to five minutes and some seconds later: deterministic, but not on the minute.
      cursor += (2 + ((writes * 7) % 4)) * MINUTE + ((writes * 37) % 60) * 1000;
      return runAt(new Date(at), work);
    },
  };
}

type Clock = ReturnType<typeof demoClock>;

/** The story's entries by their key in demo-story*.ts, with the version each is at. */
class DemoDesk {
  private readonly ids = { source: new Map<string, string>(), quote: new Map<string, string>(), question: new Map<string, string>(), timeline_event: new Map<string, string>(), follow_up: new Map<string, string>(), document: new Map<string, string>(), claim: new Map<string, string>() };
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    readonly storyId: string,
    private storyVersion: number,
  ) {}

  /** An entry's id by its key in demo-story*.ts (for the follow-ups and comments). */
  entryId = (kind: EntryKind, key: string): string => this.id(kind, key);

  private id(kind: EntryKind, key: string): string {
    const found = this.ids[kind].get(key);
    if (!found) throw new Error(`Demo seed: ${kind} "${key}" is used before it is logged.`);
    return found;
  }

  private keep(kind: EntryKind, key: string, entry: { id: string; version: number }): void {
    this.ids[kind].set(key, entry.id);
    this.versions.set(entry.id, entry.version);
  }

  private ref(kind: EntryKind, key: string) {
    const entryId = this.id(kind, key);
    return { storyId: this.storyId, kind, entryId, version: this.versions.get(entryId)! };
  }

  sourceIds = (keys: SourceKey[]) => keys.map((key) => this.id("source", key));
  quoteIds = (keys: QuoteKey[]) => keys.map((key) => this.id("quote", key));

  async sources(user: SessionUser, keys: SourceKey[]): Promise<void> {
    for (const key of keys) {
      const seed: SourceSeed = SOURCES[key];
      this.keep("source", key, await this.clock.write(() => createSource(user, { storyId: this.storyId, ...seed })));
    }
  }

  async editSource(user: SessionUser, key: SourceKey, changes: Partial<SourceSeed>): Promise<void> {
    const { name: _name, affiliation: _affiliation, contact: _contact, ...rest } = { ...SOURCES[key], ...changes } as SourceSeed;
    const sourceId = this.id("source", key);
    const input = { storyId: this.storyId, sourceId, version: this.versions.get(sourceId)!, ...rest };
    this.keep("source", key, await this.clock.write(() => updateSource(user, input)));
  }

  private quoteInput(key: QuoteKey) {
    const { speaker, ...seed } = QUOTES[key];
    return { storyId: this.storyId, speakerId: this.id("source", speaker), language: "en", link: "", ...seed };
  }

  async quotes(user: SessionUser, keys: QuoteKey[], firstText: Partial<Record<QuoteKey, string>> = {}): Promise<void> {
    for (const key of keys) {
      const input = { ...this.quoteInput(key), text: firstText[key] ?? QUOTES[key].text };
      this.keep("quote", key, await this.clock.write(() => createQuote(user, input)));
    }
  }

  /** Sets a quote back to its words in demo-story.ts, with the reason kept in the revision. */
  async correctQuote(user: SessionUser, key: QuoteKey, reason: string): Promise<void> {
    const quoteId = this.id("quote", key);
    const input = { ...this.quoteInput(key), quoteId, version: this.versions.get(quoteId)!, reason };
    this.keep("quote", key, await this.clock.write(() => updateQuote(user, input)));
  }

  async questions(user: SessionUser, keys: QuestionKey[]): Promise<void> {
    for (const key of keys) {
      const input = { storyId: this.storyId, ...QUESTIONS[key] };
      this.keep("question", key, await this.clock.write(() => createQuestion(user, input)));
    }
  }

  async progress(user: SessionUser, key: QuestionKey, progress: QuestionProgress): Promise<void> {
    const questionId = this.id("question", key);
    const input = {
      storyId: this.storyId,
      questionId,
      version: this.versions.get(questionId)!,
      ...QUESTIONS[key],
      status: progress.status,
      answer: progress.answer,
      answerQuoteIds: this.quoteIds(progress.quotes),
      answerSourceIds: this.sourceIds(progress.sources),
    };
    this.keep("question", key, await this.clock.write(() => updateQuestion(user, input)));
  }

  async events(user: SessionUser, keys: EventKey[]): Promise<void> {
    for (const key of keys) {
      const { sources, ...event } = TIMELINE[key];
      const input = { storyId: this.storyId, ...event, sourceIds: this.sourceIds(sources) };
      this.keep("timeline_event", key, await this.clock.write(() => createTimelineEvent(user, input)));
    }
  }

  /** A wire report into the story's evidence (issue 17). */
  async document(user: SessionUser, key: DocumentKey): Promise<void> {
    const { file, ...meta } = DEMO_DOCUMENTS[key];
    const { document } = await this.clock.write(() => importDocument(user, { storyId: this.storyId, ...meta }, { text: reportText(file) }));
    this.keep("document", key, document);
  }

  /** Hand-logged quotes anchored to the words of the report they came from. */
  async anchorQuotes(user: SessionUser, keys: QuoteKey[]): Promise<void> {
    for (const key of keys) {
      const quoteId = this.id("quote", key);
      const passage = { documentId: this.id("document", QUOTE_DOCUMENTS[key]), words: QUOTES[key].text };
      const input = { storyId: this.storyId, quoteId, version: this.versions.get(quoteId)!, passage };
      this.keep("quote", key, await this.clock.write(() => anchorQuote(user, input)));
    }
  }

  async claims(user: SessionUser): Promise<void> {
    for (const [index, { versions, ...claim }] of DEMO_CLAIMS.entries()) {
      const input = { storyId: this.storyId, ...claim, versions: versions.map(({ document, words }) => ({ passage: { documentId: this.id("document", document), words } })) };
      this.keep("claim", String(index), await this.clock.write(() => createClaim(user, input)));
    }
  }

  async remove(user: SessionUser, kind: EntryKind, key: string, reason: string, restore = false): Promise<void> {
    const input = { ...this.ref(kind, key), reason };
    const { version } = await this.clock.write(() => (restore ? restoreEntry(user, input) : deleteEntry(user, input)));
    this.versions.set(input.entryId, version);
  }

  async story(user: SessionUser, fields: typeof DEMO_STORY): Promise<void> {
    const input = { storyId: this.storyId, version: this.storyVersion, status: "developing" as const, ...fields };
    this.storyVersion = (await this.clock.write(() => updateStory(user, input))).version;
  }

  async memo(user: SessionUser, memo: RichTextDoc): Promise<void> {
    const input = { storyId: this.storyId, version: this.storyVersion, memo };
    this.storyVersion = (await this.clock.write(() => updateMemo(user, input))).version;
  }
}

export async function seedDemoDesk(): Promise<{ seeded: boolean }> {
  const now = Date.now();
  const clock = demoClock(now);
  const prepared = await prepareDatabase(new Date(now - START_HOURS_AGO * HOUR));
  if (!prepared) return { seeded: false };
  // Any connection Prisma already holds predates the setting: start afresh.
  await db().$disconnect();

  clock.session(START_HOURS_AGO);
  const accounts: Array<(typeof DEMO_ACCOUNTS)[number] & { user: TestUser }> = [];
  for (const account of DEMO_ACCOUNTS) {
    const create = () => makeUser({ ...account, password: DEMO_PASSWORD, actorId: SYSTEM_ACTOR_ID });
    accounts.push({ ...account, user: await (prepared.simulateAccounts ? clock.write(create) : create()) });
  }
  const byName = (first: string) => accounts.find((account) => account.user.name.startsWith(first))!.user;
  const [maya, lina, sam] = [byName("Maya"), byName("Lina"), byName("Sam")];

  // Day 1, morning: report A lands. Maya opens the story and logs what it gives.
  clock.session(98);
  const story = await clock.write(() => makeStory(maya, DEMO_STORY_FIRST));
  for (const account of accounts) {
    if (account.storyRole && account.user.id !== maya.id) {
      await clock.write(() => addToStory(maya, story.id, account.user, account.storyRole!));
    }
  }
  const desk = new DemoDesk(clock, story.id, story.version);
  clock.session(97.5);
  await desk.document(maya, "reportA");
  await desk.sources(maya, ["reportA", "microsoft", "smith", "guardian"]);
  await desk.quotes(maya, ["evidence"], { evidence: EVIDENCE_AS_FIRST_LOGGED });
  await desk.questions(maya, ["evidence", "widerWork"]);

  // Report B lands, and differs. Sam logs what only it has.
  clock.session(93);
  await desk.document(sam, "reportB");
  await desk.sources(sam, ["reportB", "unit", "imod", "amazon", "unExpert"]);
  await desk.quotes(sam, ["ceaseDisable"]);
  await desk.anchorQuotes(sam, ["ceaseDisable"]);
  await desk.events(sam, ["unReport", "imodInformed"]);
  await desk.questions(sam, ["ai", "amazon", "dataMoved"]);

  clock.session(90);
  await desk.story(maya, DEMO_STORY);
  await desk.quotes(maya, ["noSurveillance", "widerWork"]);
  await desk.questions(maya, ["unit", "subscriptions"]);

  // Lina works through the investigation and the reactions, and logs her own source.
  clock.session(87);
  await desk.sources(lina, ["mag972", "localCall", "cair", "siddiqi", "noAzure"]);
  await desk.quotes(lina, ["guardianStorage", "vindication"]);
  await desk.anchorQuotes(lina, ["guardianStorage", "vindication"]);
  await desk.events(lina, ["investigation", "reviewOpens", "protests", "announcement", "welcome"]);
  clock.session(85);
  await desk.sources(lina, ["insider"]);

  // Day 2: a source deleted by mistake, and restored.
  clock.session(70);
  await desk.remove(sam, "source", "imod", "Duplicate of the entry for the unit.");
  clock.session(68);
  await desk.remove(maya, "source", "imod", "Not a duplicate: the ministry is who Microsoft dealt with; the unit is a separate entry.", true);

  // Day 3: a quote corrected, a question answered, a duplicate event removed.
  clock.session(50);
  await desk.correctQuote(maya, "evidence", EVIDENCE_CORRECTION_REASON);
  // The corrected words are report A's own: anchored to them now. Sam records where the reports disagree.
  await desk.anchorQuotes(maya, ["evidence", "noSurveillance", "widerWork"]);
  clock.session(48);
  await desk.claims(sam);
  clock.session(47);
  await desk.progress(sam, "widerWork", WIDER_WORK_ANSWER);
  await desk.events(sam, ["announcementDuplicate"]);
  clock.session(45);
  await desk.remove(lina, "timeline_event", "announcementDuplicate", "Duplicate of the 25 September announcement entry.");

  clock.session(30);
  await desk.editSource(lina, "smith", SMITH_CONFIRMED);
  await desk.progress(lina, "subscriptions", SUBSCRIPTIONS_PROGRESS);
  clock.session(24);
  await desk.memo(maya, MEMO_DRAFT);

  // Day 4: the questions that are left, and the memo as it stands.
  clock.session(20);
  await desk.questions(sam, ["unExpert", "firings"]);
  await desk.events(sam, ["wires"]);
  clock.session(19);
  await desk.questions(maya, ["review", "reviewStart"]);
  clock.session(6);
  await desk.progress(lina, "unit", UNIT_PROGRESS);
  await seedDemoFollowUps(clock, desk, { maya, lina, sam }, now);
  clock.session(1);
  await desk.memo(maya, MEMO);
  // Everyone on the story last looked at it the evening before, so the desk opens as a
  // returning reporter sees it: "N changes since your last visit" on the first sign-in.
  const lastVisit = new Date(now - LAST_VISIT_HOURS_AGO * HOUR);
  await db().$executeRaw`
    INSERT INTO story_visits (user_id, story_id, seen_seq, seen_at)
    SELECT m.user_id, m.story_id, coalesce((SELECT max(r.seq) FROM revisions r WHERE r.chain = ${story.id} AND r.created_at <= ${lastVisit}), 0), ${lastVisit}
      FROM story_members m
     WHERE m.story_id = ${story.id}::uuid
    ON CONFLICT (user_id, story_id) DO NOTHING`;
  return { seeded: true };
}
