import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { loadEntry } from "@/lib/entry-kinds/read";
import { deleteEntry } from "@/lib/server/entries";
import { createQuestion, updateQuestion } from "@/lib/server/questions";
import { createQuote, updateQuote } from "@/lib/server/quotes";
import { createSource } from "@/lib/server/sources/write";
import { createTimelineEvent, updateTimelineEvent } from "@/lib/server/timeline";
import { verifyChain } from "@/lib/server/ledger";
import { makeDesk, makeStory, type TestUser } from "@/prisma/factories";
import { codeOf } from "../support/errors";

// Issue 16 part 1: an edit of an entry is one statement (edit_entry(): access, actor, chain
// lock, version, references, the update and its revision, and what the reply needs to name the
// row), and whatever it does not settle goes the transactional path with the same errors.

let lead: TestUser;
let reporter: TestUser;
let colleague: TestUser;
let reader: TestUser;
let outsider: TestUser;
let storyId: string;

beforeEach(async () => {
  ({ lead, reporter, colleague, reader, outsider, storyId } = await makeDesk({
    lead: { role: "editor", on: "lead" },
    reporter: { on: "contributor" },
    colleague: { on: "contributor" },
    reader: { on: "reader" },
    outsider: { role: "editor" },
  }));
});

// Every statement the app's pool sends (Prisma's adapter uses pg), while `statements` is set.
type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const query = pg.Client.prototype.query as unknown as Query;
let statements: string[] | null = null;
beforeEach(() => {
  (pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    statements?.push(typeof first === "string" ? first : String((first as { text?: unknown } | null)?.text ?? ""));
    return query.apply(this, args);
  };
});
afterEach(() => {
  (pg.Client.prototype as unknown as { query: Query }).query = query;
  statements = null;
});

async function counted<T>(work: () => Promise<T>): Promise<{ value: T; sent: string[] }> {
  statements = [];
  try {
    const value = await work();
    return { value, sent: statements };
  } finally {
    statements = null;
  }
}

const revisionsOf = (id: string) => db().revision.count({ where: { entityId: id } });

describe("an edit in one statement", () => {
  it("writes a quote and its revision in one round trip, its reply named through the lens as a fresh read names it", async () => {
    const speaker = await createSource(reporter, { storyId, name: "Canary Insider 41c", kind: "person", protection: "confidential" });
    const quote = await createQuote(reporter, { storyId, speakerId: speaker.id, text: "The servers were moved in March." });
    const { value: edited, sent } = await counted(() =>
      updateQuote(colleague, { storyId, quoteId: quote.id, version: 1, speakerId: speaker.id, text: "The servers were moved in April.", reason: "checked the recording" }),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/edit_entry\(/);
    // The colleague did not log the confidential source: its alias, never its name.
    expect(edited.speaker.label).not.toContain("Canary");
    expect(JSON.stringify(edited)).not.toContain("Canary Insider");
    const fresh = await loadEntry({ user: colleague, storyId, role: "contributor", isMember: true }, "quote", quote.id);
    expect(edited).toEqual(fresh);
    expect(edited).toMatchObject({ version: 2, text: "The servers were moved in April.", loggedByName: reporter.name });
    // Its logger sees the name, in the same one statement.
    const { value: byLogger, sent: sentByLogger } = await counted(() =>
      updateQuote(reporter, { storyId, quoteId: quote.id, version: 2, speakerId: speaker.id, text: "The servers were moved in April.", verification: "verified", reason: "" }),
    );
    expect(sentByLogger).toHaveLength(1);
    expect(byLogger.speaker.label).toBe("Canary Insider 41c");
    const last = await db().revision.findFirstOrThrow({ where: { entityId: quote.id }, orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ action: "update", actorId: reporter.id, changedFields: ["verification"] });
    const first = await db().revision.findFirstOrThrow({ where: { entityId: quote.id, seq: last.seq - 1n } });
    expect(first).toMatchObject({ action: "update", actorId: colleague.id, reason: "checked the recording", changedFields: ["text"] });
    expect((await verifyChain(storyId)).ok).toBe(true);
  });

  it("writes nothing when nothing changed, and answers with the entry as it is", async () => {
    const speaker = await createSource(lead, { storyId, name: "Spokesperson", kind: "person" });
    const quote = await createQuote(reporter, { storyId, speakerId: speaker.id, text: "No comment." });
    const { value, sent } = await counted(() => updateQuote(reporter, { storyId, quoteId: quote.id, version: 1, speakerId: speaker.id, text: "No comment.", reason: "" }));
    expect(sent).toHaveLength(1);
    expect(value.version).toBe(1);
    expect(await revisionsOf(quote.id)).toBe(1);
  });

  it("refuses as the transactional path does, and writes nothing", async () => {
    const speaker = await createSource(lead, { storyId, name: "Minister", kind: "person" });
    const quote = await createQuote(reporter, { storyId, speakerId: speaker.id, text: "We will publish the report." });
    const edit = { storyId, quoteId: quote.id, version: 1, speakerId: speaker.id, text: "We will publish the full report.", reason: "from the transcript" };
    expect(await codeOf(updateQuote(reader, edit))).toBe("FORBIDDEN");
    expect(await codeOf(updateQuote(outsider, edit))).toBe("NOT_FOUND");
    expect(await codeOf(updateQuote(reporter, { ...edit, quoteId: speaker.id }))).toBe("NOT_FOUND");
    // The words changed without a reason: the reason is asked for.
    const noReason = (await updateQuote(reporter, { ...edit, reason: "" }).catch((error: unknown) => error)) as AppError;
    expect(noReason.fieldErrors?.reason?.[0]).toMatch(/Say why/);
    // A speaker from another story, or a deleted one.
    const elsewhere = await makeStory(outsider);
    const foreign = await createSource(outsider, { storyId: elsewhere.id, name: "Foreign", kind: "person" });
    expect(await codeOf(updateQuote(reporter, { ...edit, speakerId: foreign.id }))).toBe("VALIDATION");
    const gone = await createSource(lead, { storyId, name: "Gone", kind: "person" });
    await deleteEntry(lead, { storyId, kind: "source", entryId: gone.id, version: 1 });
    expect(await codeOf(updateQuote(reporter, { ...edit, speakerId: gone.id }))).toBe("VALIDATION");
    expect(await revisionsOf(quote.id)).toBe(1);
    // A stale version: CONFLICT with the entry as it is now.
    await updateQuote(colleague, edit);
    const stale = (await updateQuote(reporter, { ...edit, text: "Something else.", reason: "mine" }).catch((error: unknown) => error)) as AppError;
    expect(stale.code).toBe("CONFLICT");
    expect(stale.latest).toMatchObject({ version: 2, text: "We will publish the full report." });
    // A deleted entry.
    await deleteEntry(lead, { storyId, kind: "quote", entryId: quote.id, version: 2 });
    const deleted = (await updateQuote(reporter, { ...edit, version: 3 }).catch((error: unknown) => error)) as AppError;
    expect(deleted.code).toBe("CONFLICT");
    expect(deleted.message).toMatch(/deleted meanwhile/);
    expect(await revisionsOf(quote.id)).toBe(3);
  });

  it("checks a question's and a timeline event's links on every edit, as their transactional path does", async () => {
    const elsewhere = await makeStory(outsider);
    const foreign = await createSource(outsider, { storyId: elsewhere.id, name: "Foreign", kind: "person" });
    const source = await createSource(lead, { storyId, name: "Analyst", kind: "person" });
    const question = await createQuestion(lead, { storyId, text: "Who signed?", answerSourceIds: [source.id] });
    const base = { storyId, questionId: question.id, version: 1, text: "Who signed the order?", priority: "high" as const, answerSourceIds: [source.id] };
    const { value: asked, sent } = await counted(() => updateQuestion(lead, base));
    expect(sent).toHaveLength(1);
    expect(asked).toMatchObject({ version: 2, text: "Who signed the order?" });
    expect(await codeOf(updateQuestion(lead, { ...base, version: 2, answerSourceIds: [source.id, foreign.id] }))).toBe("VALIDATION");
    const event = await createTimelineEvent(lead, { storyId, when: "2026-03-01", what: "Order signed", sourceIds: [source.id] });
    const moved = { storyId, eventId: event.id, version: 1, when: "2026-03-02", what: "Order signed", sourceIds: [source.id] };
    const { value: dated, sent: sentEvent } = await counted(() => updateTimelineEvent(lead, moved));
    expect(sentEvent).toHaveLength(1);
    expect(dated.version).toBe(2);
    expect(await codeOf(updateTimelineEvent(lead, { ...moved, version: 2, sourceIds: [foreign.id] }))).toBe("VALIDATION");
    expect(await revisionsOf(event.id)).toBe(2);
  });
});
