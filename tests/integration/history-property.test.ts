// Property: for any sequence of creates, edits, deletes and restores made at increasing
// times, the story "as of t" equals the live workspace captured at t, for every t.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteEntry, restoreEntry } from "@/lib/server/entries";
import { asOfItems, workspaceAsOf } from "@/lib/server/history/as-of";
import { createQuestion, listQuestions, updateQuestion } from "@/lib/server/questions";
import { createQuote, listQuotes, updateQuote } from "@/lib/server/quotes";
import { createSource, updateSource } from "@/lib/server/sources/write";
import { listSources } from "@/lib/server/sources/list";
import { createTimelineEvent, listTimeline, updateTimelineEvent } from "@/lib/server/timeline";
import { workspaceCounts } from "@/lib/server/workspace";
import { questionFiltersSchema, quoteFiltersSchema, sourceFiltersSchema, timelineFiltersSchema, type Panel } from "@/lib/validations/workspace";
import { makeStory, makeUser, type TestUser } from "@/prisma/factories";

type Kind = "source" | "quote" | "question" | "timeline_event";
type Op =
  | { type: "create"; kind: Kind; word: string }
  | { type: "edit"; pick: number; word: string }
  | { type: "delete"; pick: number }
  | { type: "restore"; pick: number };

const word = fc.constantFrom("tender", "camera", "ministry", "contract", "border", "pilot", "leak", "signal", "وزارة", "מכרז");
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant("create" as const), kind: fc.constantFrom<Kind>("source", "quote", "question", "timeline_event"), word }),
  fc.record({ type: fc.constant("edit" as const), pick: fc.nat(), word }),
  fc.record({ type: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ type: fc.constant("restore" as const), pick: fc.nat() }),
);

type Entry = { kind: Kind; id: string; version: number; deleted: boolean };

/** The comparable state of one panel: id → the entry's words and version. */
type PanelState = Record<string, string>;
const PANELS: Exclude<Panel, "overview">[] = ["sources", "quotes", "questions", "timeline"];

async function liveState(user: TestUser, storyId: string): Promise<Record<string, PanelState>> {
  const [sources, quotes, questions, timeline] = await Promise.all([
    listSources(user, storyId, sourceFiltersSchema.parse({})),
    listQuotes(user, storyId, quoteFiltersSchema.parse({})),
    listQuestions(user, storyId, questionFiltersSchema.parse({})),
    listTimeline(user, storyId, timelineFiltersSchema.parse({})),
  ]);
  return {
    sources: Object.fromEntries(sources.items.map((s) => [s.id, `${s.displayName}|${s.reliability}|v${s.version}`])),
    quotes: Object.fromEntries(quotes.items.map((q) => [q.id, `${q.text}|${q.speaker.label}|v${q.version}`])),
    questions: Object.fromEntries(questions.items.map((q) => [q.id, `${q.text}|${q.status}|v${q.version}`])),
    timeline: Object.fromEntries(timeline.items.map((e) => [e.id, `${e.what}|${e.occurredAt.toISOString()}|v${e.version}`])),
  };
}

async function asOfState(user: TestUser, storyId: string, instant: Date): Promise<Record<string, PanelState>> {
  const state: Record<string, PanelState> = {};
  for (const panel of PANELS) {
    const ws = await workspaceAsOf(user, storyId, { instant }, panel, { page: 1 }, "UTC");
    state[panel] = {
      ...Object.fromEntries(asOfItems(ws, "source").map((s) => [s.id, `${s.displayName}|${s.reliability}|v${s.version}`])),
      ...Object.fromEntries(asOfItems(ws, "quote").map((q) => [q.id, `${q.text}|${q.speaker.label}|v${q.version}`])),
      ...Object.fromEntries(asOfItems(ws, "question").map((q) => [q.id, `${q.text}|${q.status}|v${q.version}`])),
      ...Object.fromEntries(asOfItems(ws, "timeline_event").map((e) => [e.id, `${e.what}|${e.occurredAt.toISOString()}|v${e.version}`])),
    };
  }
  return state;
}

async function apply(user: TestUser, storyId: string, entries: Entry[], step: Op, n: number): Promise<void> {
  const live = entries.filter((entry) => !entry.deleted);
  if (step.type === "create") {
    const text = `${step.word} ${n}`;
    if (step.kind === "source") {
      const s = await createSource(user, { storyId, name: `Source ${text}`, kind: "person" });
      entries.push({ kind: "source", id: s.id, version: s.version, deleted: false });
    } else if (step.kind === "quote") {
      const speaker = live.find((entry) => entry.kind === "source");
      if (!speaker) return;
      const q = await createQuote(user, { storyId, speakerId: speaker.id, text: `They said ${text}.` });
      entries.push({ kind: "quote", id: q.id, version: q.version, deleted: false });
    } else if (step.kind === "question") {
      const q = await createQuestion(user, { storyId, text: `Who knew about ${text}?` });
      entries.push({ kind: "question", id: q.id, version: q.version, deleted: false });
    } else {
      const e = await createTimelineEvent(user, { storyId, when: `2026-0${1 + (n % 9)}-1${n % 10}`, what: `It happened: ${text}` });
      entries.push({ kind: "timeline_event", id: e.id, version: e.version, deleted: false });
    }
    return;
  }
  const pool = step.type === "restore" ? entries.filter((entry) => entry.deleted) : live;
  const entry = pool[step.pick % Math.max(pool.length, 1)];
  if (!entry) return;
  if (step.type === "delete" || step.type === "restore") {
    const result = await (step.type === "delete" ? deleteEntry : restoreEntry)(user, { storyId, kind: entry.kind, entryId: entry.id, version: entry.version });
    entry.version = result.version;
    entry.deleted = step.type === "delete";
    return;
  }
  const text = `${step.word} edit ${n}`;
  if (entry.kind === "source") {
    const s = await updateSource(user, { storyId, sourceId: entry.id, version: entry.version, name: `Source ${text}`, kind: "person", reliability: n % 2 ? "high" : "low" });
    entry.version = s.version;
  } else if (entry.kind === "quote") {
    const current = await db().quote.findUniqueOrThrow({ where: { id: entry.id } });
    const q = await updateQuote(user, { storyId, quoteId: entry.id, version: entry.version, speakerId: current.speakerId, text: `They said ${text}.`, reason: "property test" });
    entry.version = q.version;
  } else if (entry.kind === "question") {
    const q = await updateQuestion(user, { storyId, questionId: entry.id, version: entry.version, text: `Who knew about ${text}?`, status: n % 2 ? "chasing" : "open" });
    entry.version = q.version;
  } else {
    const e = await updateTimelineEvent(user, { storyId, eventId: entry.id, version: entry.version, when: `2025-1${n % 3}-0${1 + (n % 9)}`, what: `It happened: ${text}` });
    entry.version = e.version;
  }
}

describe("as of t equals the workspace captured at t", () => {
  it("holds for random sequences of creates, edits, deletes and restores", async () => {
    const user = await makeUser({ role: "editor" });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 18 }), async (ops) => {
        const storyId = (await makeStory(user)).id;
        const entries: Entry[] = [];
        const captured: { at: Date; state: Record<string, PanelState>; counts: Awaited<ReturnType<typeof workspaceCounts>> }[] = [];
        for (const [n, step] of ops.entries()) {
          await apply(user, storyId, entries, step, n);
          // The database's clock, rounded UP to the millisecond: a JS Date has no microseconds, and
          // truncating would put t before a revision made in the same millisecond. (The next step
          // starts after the state below is read: well over a millisecond later.)
          const [row] = await db().$queryRaw<{ ms: bigint }[]>`SELECT ceil(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms`;
          captured.push({ at: new Date(Number(row!.ms)), state: await liveState(user, storyId), counts: await workspaceCounts(user, storyId) });
        }
        for (const moment of captured) {
          expect(await asOfState(user, storyId, moment.at)).toEqual(moment.state);
          const overview = await workspaceAsOf(user, storyId, { instant: moment.at }, "overview", { page: 1 }, "UTC");
          expect(overview.counts).toEqual(moment.counts);
        }
      }),
      // Seeded, so a failure reproduces. The example is what an unseeded run once found (seed
      // -307863373): a quote's speaker as of a moment before the source was renamed showed the
      // later name — linked entries were named as they are now, not as they stood.
      {
        numRuns: 12,
        seed: 182026,
        examples: [
          [
            [
              { type: "create", kind: "source", word: "tender" },
              { type: "create", kind: "quote", word: "tender" },
              { type: "edit", pick: 0, word: "tender" },
              { type: "restore", pick: 0 },
            ],
          ],
        ],
      },
    );
    // Twelve random histories against a real database: ~10 s on a quiet 2-core machine, more
    // when other test files share the cores. A time limit, not a measurement.
  }, 120_000);
});
