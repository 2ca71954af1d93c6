import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deleteEntry } from "@/lib/server/entries";
import { asOfItems, workspaceAsOf } from "@/lib/server/history/as-of";
import { compareMoments } from "@/lib/server/history/compare";
import { entryHistory } from "@/lib/server/history/entry";
import { listHistory } from "@/lib/server/history/feed";
import { restoreRevision } from "@/lib/server/history/restore";
import { markCaughtUp, recordVisit, sinceLastVisit, sinceLastVisitColumn, type SinceLastVisitColumn } from "@/lib/server/history/visits";
import { startSession, sessionUserWith } from "@/lib/server/sessions";
import { workspaceCounts, workspaceCountsColumn, type WorkspaceCountsColumn } from "@/lib/server/workspace";
import { Prisma } from "@/lib/generated/prisma/client";
import { verifyChain } from "@/lib/server/ledger";
import { createQuestion, updateQuestion } from "@/lib/server/questions";
import { createQuote, updateQuote } from "@/lib/server/quotes";
import { createSource, updateSource } from "@/lib/server/sources/write";
import { historyFiltersSchema } from "@/lib/validations/history";
import { makeDesk, type TestUser } from "@/prisma/factories";
import { withRawClient } from "../support/db";
import { codeOf } from "../support/errors";

const CANARY = "Canary Insider 51c9";
const CANARY_CONTACT = "signal:+1-555-CANARY-51";
const UTC = "UTC";
const all = historyFiltersSchema.parse({});

let lead: TestUser;
let reporter: TestUser;
let colleague: TestUser;
let reader: TestUser;
let outsider: TestUser;
let storyId: string;

const dbNow = async () => (await db().$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`)[0]!.now;
const headSeq = async () => Number((await db().revisionChain.findUniqueOrThrow({ where: { chain: storyId } })).seq);

beforeEach(async () => {
  ({ lead, reporter, colleague, reader, outsider, storyId } = await makeDesk(
    {
      lead: { role: "editor", name: "Lena Lead", on: "lead" },
      reporter: { name: "Rami Reporter", on: "contributor" },
      colleague: { name: "Cora Colleague", on: "contributor" },
      reader: { name: "Reza Reader", on: "reader" },
      outsider: { role: "editor" },
    },
    { title: "Tender for the border cameras" },
  ));
});

describe("history feed", () => {
  it("lists every revision newest first, filtered by kind, person and action, 50 at a time", async () => {
    const source = await createSource(reporter, { storyId, name: "Ministry press office", kind: "organization" });
    for (let i = 0; i < 55; i++) {
      await createQuestion(colleague, { storyId, text: `Question number ${i} about the tender?` });
    }
    const first = await listHistory(reader, storyId, all, UTC);
    expect(first.items).toHaveLength(50);
    expect(first.items[0]!.label).toBe("Question number 54 about the tender?");
    expect(first.items[0]!.actorName).toBe("Cora Colleague");
    const second = await listHistory(reader, storyId, { ...all, before: first.nextBefore! }, UTC);
    const seqs = [...first.items, ...second.items].map((item) => item.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(second.nextBefore).toBeNull();
    expect(seqs).toHaveLength(await headSeq());

    const sources = await listHistory(reader, storyId, { ...all, type: "source" }, UTC);
    expect(sources.items.map((item) => [item.entityId, item.action, item.actorName])).toEqual([[source.id, "create", "Rami Reporter"]]);
    const byReporter = await listHistory(reader, storyId, { ...all, actor: reporter.id }, UTC);
    expect(byReporter.items.every((item) => item.actorName === "Rami Reporter")).toBe(true);
    const team = await listHistory(reader, storyId, { ...all, type: "member", action: "create" }, UTC);
    expect(team.items.map((item) => item.label).sort()).toEqual(["Cora Colleague", "Lena Lead", "Reza Reader", "Rami Reporter"].sort());
    expect(first.head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is a 404 for a non-member", async () => {
    expect(await codeOf(listHistory(outsider, storyId, all, UTC))).toBe("NOT_FOUND");
  });
});

describe("entry history", () => {
  it("shows word-level differences, readable values and names, who and why", async () => {
    const speaker = await createSource(reporter, { storyId, name: "Dana Deputy", kind: "person" });
    const other = await createSource(reporter, { storyId, name: "Omar Official", kind: "person" });
    const quote = await createQuote(reporter, { storyId, speakerId: speaker.id, text: "We never signed the contract.", medium: "interview" });
    await updateQuote(colleague, {
      storyId,
      quoteId: quote.id,
      version: quote.version,
      speakerId: other.id,
      text: "We never signed that contract.",
      medium: "interview",
      verification: "verified",
      reason: "corrected against the recording",
    });
    const history = await entryHistory(reader, storyId, "quote", quote.id, UTC);
    expect(history.revisions).toHaveLength(2);
    const [edit, create] = history.revisions;
    expect(edit!.actorName).toBe("Cora Colleague");
    expect(edit!.reason).toBe("corrected against the recording");
    const words = edit!.changes.find((change) => change.key === "text");
    expect(words).toMatchObject({ kind: "words" });
    const parts = words!.kind === "words" ? words!.parts : [];
    expect(parts.filter((part) => part.change === "removed").map((part) => part.text.trim())).toEqual(["the"]);
    expect(parts.filter((part) => part.change === "added").map((part) => part.text.trim())).toEqual(["that"]);
    expect(edit!.changes.find((change) => change.key === "speaker_id")).toMatchObject({ kind: "value", before: "Dana Deputy", after: "Omar Official" });
    expect(edit!.changes.find((change) => change.key === "verification")).toMatchObject({ before: "Unverified", after: "Verified" });
    expect(create!.changes.map((change) => change.key)).toContain("text");
    expect(history.canRestore).toBe(false); // a reader
    expect((await entryHistory(colleague, storyId, "quote", quote.id, UTC)).canRestore).toBe(true);
    expect(await codeOf(entryHistory(outsider, storyId, "quote", quote.id, UTC))).toBe("NOT_FOUND");
    expect(await codeOf(entryHistory(reader, storyId, "quote", speaker.id, UTC))).toBe("NOT_FOUND");
  });
});

describe("restore", () => {
  it("brings back an earlier version as a new revision with its reason, and refuses a stale one", async () => {
    const question = await createQuestion(reporter, { storyId, text: "Who approved the tender?", whyItMatters: "Accountability" });
    const firstSeq = await headSeq();
    const edited = await updateQuestion(colleague, { storyId, questionId: question.id, version: question.version, text: "Who signed off the tender?", whyItMatters: "Accountability", priority: "urgent" });
    await expect(
      restoreRevision(colleague, { storyId, entityType: "question", entityId: question.id, seq: firstSeq, version: edited.version, reason: "" }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await codeOf(restoreRevision(reader, { storyId, entityType: "question", entityId: question.id, seq: firstSeq, version: edited.version, reason: "undo" }))).toBe(
      "FORBIDDEN",
    );
    expect(
      await codeOf(restoreRevision(colleague, { storyId, entityType: "question", entityId: question.id, seq: firstSeq, version: question.version, reason: "undo" })),
    ).toBe("CONFLICT");

    const restored = await restoreRevision(lead, { storyId, entityType: "question", entityId: question.id, seq: firstSeq, version: edited.version, reason: "the first wording was right" });
    expect(restored).toEqual({ version: edited.version + 1, changed: true });
    const row = await db().question.findUniqueOrThrow({ where: { id: question.id } });
    expect([row.text, row.priority, row.whyItMatters]).toEqual(["Who approved the tender?", "normal", "Accountability"]);
    const latest = await db().revision.findFirstOrThrow({ where: { chain: storyId }, orderBy: { seq: "desc" } });
    expect([latest.entityId, latest.action, latest.reason, latest.actorId]).toEqual([question.id, "update", "the first wording was right", lead.id]);
    expect(latest.changedFields.sort()).toEqual(["priority", "text"]);

    // Undelete from history: the restore is a "restore" revision.
    await deleteEntry(colleague, { storyId, kind: "question", entryId: question.id, version: restored.version });
    const back = await restoreRevision(colleague, { storyId, entityType: "question", entityId: question.id, seq: await headSeq(), version: restored.version + 1, reason: "deleted by mistake" });
    expect(back.changed).toBe(true);
    const undeleted = await db().revision.findFirstOrThrow({ where: { chain: storyId }, orderBy: { seq: "desc" } });
    expect([undeleted.action, undeleted.reason]).toEqual(["restore", "deleted by mistake"]);
    expect((await verifyChain(storyId)).ok).toBe(true);
  });
});

describe("as of a moment, and what changed between two", () => {
  it("rebuilds the workspace at a past moment and compares two moments", async () => {
    const speaker = await createSource(reporter, { storyId, name: "Dana Deputy", kind: "person" });
    const quote = await createQuote(reporter, { storyId, speakerId: speaker.id, text: "The cameras were never tested." });
    const q1 = await createQuestion(reporter, { storyId, text: "Were the cameras tested?" });
    const meeting = await dbNow();
    const q2 = await createQuestion(colleague, { storyId, text: "Who paid for the pilot?" });
    await updateQuote(colleague, { storyId, quoteId: quote.id, version: quote.version, speakerId: speaker.id, text: "The cameras were never properly tested.", reason: "recording" });
    await deleteEntry(colleague, { storyId, kind: "question", entryId: q1.id, version: q1.version });

    const then = await workspaceAsOf(reader, storyId, { instant: meeting }, "questions", { page: 1 }, UTC);
    expect(then.counts).toMatchObject({ source: { total: 1 }, quote: { total: 1 }, question: { total: 1 } });
    expect(asOfItems(then, "question").map((question) => question.text)).toEqual(["Were the cameras tested?"]);
    const quotesThen = await workspaceAsOf(reader, storyId, { instant: meeting }, "quotes", { page: 1 }, UTC);
    expect(asOfItems(quotesThen, "quote")[0]).toMatchObject({ text: "The cameras were never tested.", speaker: { label: "Dana Deputy" } });

    const comparison = await compareMoments(reader, storyId, { from: { instant: meeting }, to: {} }, UTC);
    const byId = new Map(comparison.groups.flatMap((group) => group.entries).map((entry) => [entry.entityId, entry]));
    expect(byId.get(q2.id)).toMatchObject({ status: "added", actors: ["Cora Colleague"] });
    expect(byId.get(q1.id)).toMatchObject({ status: "removed" });
    expect(byId.get(quote.id)).toMatchObject({ status: "changed", reasons: ["recording"] });
    expect(byId.has(speaker.id)).toBe(false);
    expect(comparison.groups.map((group) => group.entityType)).toEqual(["quote", "question"]);
  });
});

describe("since your last visit", () => {
  it("counts others' changes since the previous visit and keeps the baseline within a visit", async () => {
    expect(await recordVisit(reader, storyId)).toBeNull(); // first visit: nothing to compare
    await createQuestion(colleague, { storyId, text: "Who approved the tender?" });
    await createQuestion(reader === colleague ? lead : colleague, { storyId, text: "When was the pilot?" });
    expect(await recordVisit(reader, storyId)).toBeNull(); // still the same visit
    await withRawClient((client) => client.query("UPDATE story_visits SET seen_at = seen_at - interval '2 hours'"));
    const since = await recordVisit(reader, storyId);
    expect(since).toMatchObject({ changes: 0 }); // nothing happened since the last page view
    await createQuestion(colleague, { storyId, text: "Who paid?" });
    await withRawClient((client) => client.query("UPDATE story_visits SET seen_at = seen_at - interval '2 hours'"));
    const later = await recordVisit(reader, storyId);
    expect(later!.changes).toBe(1);
    expect(await recordVisit(reader, storyId)).toMatchObject({ changes: 1 }); // same visit: the count stays
    await markCaughtUp(reader, storyId);
    expect(await recordVisit(reader, storyId)).toMatchObject({ changes: 0 });
    expect(await codeOf(recordVisit(outsider, storyId))).toBe("NOT_FOUND");
  });

  it("lets the page read the count without recording the view: the POST that follows records it and answers the same", async () => {
    await recordVisit(reader, storyId);
    await createQuestion(colleague, { storyId, text: "Who signed the memo?" });
    await withRawClient((client) => client.query("UPDATE story_visits SET seen_at = seen_at - interval '2 hours'"));
    const visits = () => withRawClient(async (client) => (await client.query("SELECT * FROM story_visits ORDER BY user_id")).rows);
    const before = await visits();
    const read = await sinceLastVisit(reader, storyId);
    expect(read).toMatchObject({ changes: 1 });
    expect(await visits()).toEqual(before);
    expect(await recordVisit(reader, storyId)).toEqual(read);
    expect(await visits()).not.toEqual(before);
    expect(await codeOf(sinceLastVisit(outsider, storyId))).toBe("NOT_FOUND");
  });
});

describe("the story page's first statement (lib/pages.ts)", () => {
  /** What the session's statement reads for `user`'s own live session: the counts and since-your-last-visit columns. */
  async function firstRead(user: TestUser) {
    const sessionId = await startSession({ userId: user.id, deviceId: randomUUID(), userAgent: "test", address: null });
    const { sessionVersion } = await db().user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
    const found = await sessionUserWith<WorkspaceCountsColumn & SinceLastVisitColumn>({ userId: user.id, sessionVersion, sessionId }, Prisma.sql`${workspaceCountsColumn(storyId)}, ${sinceLastVisitColumn(storyId)}`);
    return found!.extra;
  }

  it("reads the tabs' counts and since-your-last-visit as workspaceCounts and sinceLastVisit do, and nothing for an outsider", async () => {
    await recordVisit(reader, storyId);
    await createQuestion(colleague, { storyId, text: "Who paid for the servers?" });
    await withRawClient((client) => client.query("UPDATE story_visits SET seen_at = seen_at - interval '2 hours'"));
    const read = await firstRead(reader);
    expect(read.story_counts).toEqual(await workspaceCounts(reader, storyId));
    const since = await sinceLastVisit(reader, storyId);
    expect(since).toMatchObject({ changes: 1 });
    const row = read.story_since!;
    expect({ baselineSeq: Number(row.baseline_seq), baselineAt: new Date(row.baseline_at!), changes: Number(row.changes), capped: false }).toEqual(since);
    expect(await firstRead(outsider)).toEqual({ story_counts: null, story_since: null });
  });
});

describe("protected fields in history", () => {
  it("never shows a confidential source's identity or contact to a member who may not see it, also from before it became confidential", async () => {
    const source = await createSource(reporter, { storyId, name: CANARY, kind: "person", affiliation: "Border agency", contact: CANARY_CONTACT });
    const before = await dbNow();
    await createQuote(reporter, { storyId, speakerId: source.id, text: "They knew in March." });
    await updateSource(reporter, { storyId, sourceId: source.id, version: source.version, name: CANARY, kind: "person", affiliation: "Border agency", protection: "confidential", reason: "asked for protection" });

    const views = await Promise.all([
      listHistory(colleague, storyId, all, UTC),
      entryHistory(colleague, storyId, "source", source.id, UTC),
      compareMoments(colleague, storyId, { from: { rev: 1 }, to: {} }, UTC),
      workspaceAsOf(colleague, storyId, { instant: before }, "sources", { page: 1 }, UTC),
      workspaceAsOf(colleague, storyId, { instant: before }, "quotes", { page: 1 }, UTC),
    ]);
    const text = JSON.stringify(views);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain("Border agency");
    expect(text).not.toContain("CANARY-51");
    expect(text).toContain("Confidential source A");

    // The reporter who logged it sees the name; nobody ever sees the contact in history.
    const own = JSON.stringify(await entryHistory(reporter, storyId, "source", source.id, UTC));
    expect(own).toContain(CANARY);
    expect(own).not.toContain("CANARY-51");
    // And a contributor cannot restore its unprotected version.
    const created = await db().revision.findFirstOrThrow({ where: { chain: storyId, entityId: source.id, action: "create" } });
    const attempt = restoreRevision(colleague, { storyId, entityType: "source", entityId: source.id, seq: Number(created.seq), version: 2, reason: "undo" });
    expect(await codeOf(attempt)).toBe("FORBIDDEN");
  });
});
