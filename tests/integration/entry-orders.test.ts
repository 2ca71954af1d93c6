// Every panel order is defined once (lib/entry-kinds/order.ts) and used twice: as SQL for the
// live panel and as a comparator for the panel as of a moment. Here both run over the same rows
// in a real PostgreSQL — ties in time, microseconds apart, missing dates, every enum value —
// and must agree on every position.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ENTRY_MODULES } from "@/lib/entry-kinds";
import { orderSql, snapshotComparator } from "@/lib/entry-kinds/order";
import { snapshotsPage, snapshotsWhere } from "@/lib/entry-kinds/snapshot";
import { Prisma } from "@/lib/generated/prisma/client";
import { writeWithRevision } from "@/lib/server/ledger";
import { asOfItems, workspaceAsOf } from "@/lib/server/history/as-of";
import { createQuestion, listQuestions } from "@/lib/server/questions";
import { createTimelineEvent, listTimeline } from "@/lib/server/timeline";
import { questionFiltersSchema, timelineFiltersSchema } from "@/lib/validations/workspace";
import { makeStory, makeUser, type TestUser } from "@/prisma/factories";

const ROWS = 60;
let lead: TestUser;
let storyId: string;

/** A seeded generator: a failure reproduces. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

beforeAll(async () => {
  lead = await makeUser({ role: "editor" });
  storyId = (await makeStory(lead)).id;
  const next = random(11);
  const pick = <T,>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  // Few distinct instants, some a microsecond apart, so that orders meet ties and near-ties.
  const instants = Array.from({ length: 6 }, (_, i) => `2026-05-0${1 + (i % 3)} 10:00:00.00000${i % 2}+00`);
  const maybe = () => (next() < 0.3 ? null : pick(instants));
  // Approximate dates (issue 15): every precision, with and without a range's end.
  const PRECISIONS = ["year", "month", "early_month", "mid_month", "late_month", "day", "minute"] as const;
  const n = Array.from({ length: ROWS }, (_, i) => i);
  const sql = (strings: TemplateStringsArray, ...values: unknown[]) => Prisma.sql(strings, ...values);
  await writeWithRevision({ actorId: lead.id, storyId }, async (tx) => {
    await tx.$executeRaw(sql`
      INSERT INTO sources (story_id, name, reliability, logged_by_id, created_at, updated_at)
      SELECT ${storyId}::uuid, 'Source ' || lpad(g::text, 3, '0'), r::"Reliability", ${lead.id}::uuid, c::timestamptz, now()
        FROM unnest(${n}::int[], ${n.map(() => pick(["unassessed", "low", "medium", "high"]))}::text[], ${n.map(() => pick(instants))}::text[]) AS x(g, r, c)`);
    await tx.$executeRaw(sql`
      INSERT INTO quotes (story_id, speaker_id, text, said_at, said_at_precision, said_until, logged_by_id, created_at, updated_at)
      SELECT ${storyId}::uuid, (SELECT id FROM sources WHERE story_id = ${storyId}::uuid LIMIT 1), 'Words ' || g, s::timestamptz, p::"TimePrecision", u::timestamptz, ${lead.id}::uuid, c::timestamptz, now()
        FROM unnest(${n}::int[], ${n.map(maybe)}::text[], ${n.map(() => pick(PRECISIONS))}::text[], ${n.map(maybe)}::text[], ${n.map(() => pick(instants))}::text[]) AS x(g, s, p, u, c)`);
    await tx.$executeRaw(sql`
      INSERT INTO questions (story_id, text, priority, status, logged_by_id, created_at, updated_at)
      SELECT ${storyId}::uuid, 'Question ' || g, p::"Priority", s::"QuestionStatus", ${lead.id}::uuid, c::timestamptz, now()
        FROM unnest(${n}::int[], ${n.map(() => pick(["low", "normal", "high", "urgent"]))}::text[],
                    ${n.map(() => pick(["open", "chasing", "answered", "dropped"]))}::text[], ${n.map(() => pick(instants))}::text[]) AS x(g, p, s, c)`);
    await tx.$executeRaw(sql`
      INSERT INTO timeline_events (story_id, occurred_at, precision, occurred_until, what, logged_by_id, created_at, updated_at)
      SELECT ${storyId}::uuid, o::timestamptz, p::"TimePrecision", u::timestamptz, 'Event ' || g, ${lead.id}::uuid, c::timestamptz, now()
        FROM unnest(${n}::int[], ${n.map(() => pick(instants))}::text[], ${n.map(() => pick(PRECISIONS))}::text[], ${n.map(maybe)}::text[], ${n.map(() => pick(instants))}::text[]) AS x(g, o, p, u, c)`);
    await tx.$executeRaw(sql`
      INSERT INTO follow_ups (story_id, title, assignee_id, assigned_by_id, due_at, priority, status, created_at, updated_at)
      SELECT ${storyId}::uuid, 'Follow-up ' || g, ${lead.id}::uuid, ${lead.id}::uuid, d::timestamptz, p::"Priority", s::"FollowUpStatus", c::timestamptz, now()
        FROM unnest(${n}::int[], ${n.map(maybe)}::text[], ${n.map(() => pick(["low", "normal", "high", "urgent"]))}::text[],
                    ${n.map(() => pick(["todo", "in_progress", "done", "cancelled"]))}::text[], ${n.map(() => pick(instants))}::text[]) AS x(g, d, p, s, c)`);
    // Evidence (issue 17): documents by when received and published (some never published), claims by status.
    await tx.$executeRaw(sql`
      INSERT INTO documents (story_id, title, format, body, sha256, body_sha256, received_at, published_at, added_by_id, created_at, updated_at)
      SELECT ${storyId}::uuid, 'Report ' || g, 'text', 'Words ' || g, md5(g::text) || md5(g::text), md5(g::text) || md5(g::text), r::timestamptz, p::timestamptz, ${lead.id}::uuid, c::timestamptz, now()
        FROM unnest(${n}::int[], ${n.map(() => pick(instants))}::text[], ${n.map(maybe)}::text[], ${n.map(() => pick(instants))}::text[]) AS x(g, r, p, c)`);
    await tx.$executeRaw(sql`
      INSERT INTO claims (story_id, detail, kind, status, resolved_for, logged_by_id, created_at, updated_at)
      SELECT ${storyId}::uuid, 'Claim ' || g, k::"ClaimKind", s::"ClaimStatus", CASE WHEN s = 'resolved_for' THEN 0 END, ${lead.id}::uuid, c::timestamptz, now()
        FROM unnest(${n}::int[], ${n.map(() => pick(["actor", "number", "time", "place", "attribution", "other"]))}::text[],
                    ${n.map(() => pick(["open", "resolved_for", "both_stand", "unresolvable"]))}::text[], ${n.map(() => pick(instants))}::text[]) AS x(g, k, s, c)`);
  });
});

describe("panel orders", () => {
  for (const kindModule of ENTRY_MODULES) {
    for (const [value, order] of Object.entries(kindModule.orders)) {
      it(`${kindModule.kind} by ${value}: the SQL and the comparator put the same rows in the same places`, async () => {
        const inSql = await snapshotsWhere(db(), kindModule.kind, storyId, [], orderSql(order));
        expect(inSql).toHaveLength(ROWS);
        const inJs = [...inSql].reverse().sort(snapshotComparator(order));
        expect(inJs.map((row) => row.id)).toEqual(inSql.map((row) => row.id));
        // A panel's pages (the page chosen on the keys, then made JSON): the same rows, end to end.
        const pages = await Promise.all([0, 25, 50].map((offset) => snapshotsPage(db(), kindModule.kind, storyId, [], orderSql(order), { limit: 25, offset })));
        expect(pages.map((page) => page.length)).toEqual([25, 25, ROWS - 50]);
        expect(pages.flat()).toEqual(inSql);
      });
    }
  }

  it("puts questions open and chasing first, urgent before low — live and as of a moment alike", async () => {
    const story = (await makeStory(lead)).id;
    const ask = (text: string, status: "open" | "chasing" | "answered", priority: "low" | "urgent") => createQuestion(lead, { storyId: story, text, status, priority });
    await ask("Settled, urgent", "answered", "urgent");
    await ask("Open, low", "open", "low");
    await ask("Chasing, urgent", "chasing", "urgent");
    await ask("Open, urgent", "open", "urgent");
    const live = (await listQuestions(lead, story, questionFiltersSchema.parse({}))).items.map((question) => question.text);
    expect(live).toEqual(["Open, urgent", "Chasing, urgent", "Open, low", "Settled, urgent"]);
    const asOf = await workspaceAsOf(lead, story, {}, "questions", { page: 1 }, "UTC");
    expect(asOfItems(asOf, "question").map((question) => question.text)).toEqual(live);
  });

  it("orders approximate dates by their start, the more precise first, shown as entered — live and as of a moment alike", async () => {
    const story = (await makeStory(lead)).id;
    // Logged in an order unlike the timeline's, so that the order is the panel's own.
    for (const when of ["2025", "2025-03", "2025-01/2025-09", "2025-03-01", "2024-12-31", "2025-03-early", "2025-03-01T09:30:00Z"]) {
      await createTimelineEvent(lead, { storyId: story, when, what: `Event ${when}`, sourceIds: [] });
    }
    const expected = ["2024-12-31", "2025-01/2025-09", "2025", "2025-03-01", "2025-03-early", "2025-03", "2025-03-01T09:30:00Z"].map((when) => `Event ${when}`);
    const live = (await listTimeline(lead, story, timelineFiltersSchema.parse({}))).items;
    expect(live.map((event) => event.what)).toEqual(expected);
    const latestFirst = (await listTimeline(lead, story, timelineFiltersSchema.parse({ sort: "desc" }))).items.map((event) => event.what);
    expect(latestFirst).toEqual([...expected].reverse());
    const asOf = await workspaceAsOf(lead, story, {}, "timeline", { page: 1 }, "UTC");
    expect(asOfItems(asOf, "timeline_event").map((event) => event.what)).toEqual(expected);
  });
});
