// The workspace's server actions authorize on their own: signed out → UNAUTHENTICATED,
// not a member → NOT_FOUND, a reader → FORBIDDEN; nothing is written in any of those cases.
import { beforeEach, describe, expect, it } from "vitest";
import { deleteEntryAction, restoreEntryAction } from "@/lib/actions/entries";
import { createQuestionAction, updateQuestionAction } from "@/lib/actions/questions";
import { createQuoteAction, updateQuoteAction } from "@/lib/actions/quotes";
import { createSourceAction, revealContactAction, updateSourceAction } from "@/lib/actions/sources";
import { updateMemoAction } from "@/lib/actions/stories";
import { createTimelineEventAction, updateTimelineEventAction } from "@/lib/actions/timeline";
import { db } from "@/lib/db";
import { EMPTY_DOC } from "@/lib/rich-text";
import { createQuestion } from "@/lib/server/questions";
import { createQuote } from "@/lib/server/quotes";
import { createSource } from "@/lib/server/sources/write";
import { createTimelineEvent } from "@/lib/server/timeline";
import { addToStory, makeStory, makeUser, type TestUser } from "@/prisma/factories";
import { actAs } from "../support/session";

let lead: TestUser;
let ids: { storyId: string; sourceId: string; quoteId: string; questionId: string; eventId: string };

beforeEach(async () => {
  lead = await makeUser({ role: "editor" });
  const storyId = (await makeStory(lead)).id;
  const source = await createSource(lead, { storyId, name: "Brad Smith", kind: "person", contact: "press@example.org" });
  const quote = await createQuote(lead, { storyId, speakerId: source.id, text: "We have found evidence." });
  const question = await createQuestion(lead, { storyId, text: "Which subscriptions?" });
  const event = await createTimelineEvent(lead, { storyId, when: "2025-09-25", what: "Microsoft announces the cut" });
  ids = { storyId, sourceId: source.id, quoteId: quote.id, questionId: question.id, eventId: event.id };
});

const writes = () => {
  const { storyId, sourceId, quoteId, questionId, eventId } = ids;
  return [
    ["createSource", () => createSourceAction({ storyId, name: "New", kind: "person" })],
    ["updateSource", () => updateSourceAction({ storyId, sourceId, version: 1, kind: "organization" })],
    ["createQuote", () => createQuoteAction({ storyId, speakerId: sourceId, text: "More words." })],
    ["updateQuote", () => updateQuoteAction({ storyId, quoteId, version: 1, speakerId: sourceId, text: "We have found evidence.", verification: "verified" })],
    ["createQuestion", () => createQuestionAction({ storyId, text: "Did the data move?" })],
    ["updateQuestion", () => updateQuestionAction({ storyId, questionId, version: 1, text: "Which subscriptions?", status: "chasing" })],
    ["createTimelineEvent", () => createTimelineEventAction({ storyId, when: "2025-09-26", what: "Reports published" })],
    ["updateTimelineEvent", () => updateTimelineEventAction({ storyId, eventId, version: 1, when: "2025-09-25", what: "Microsoft announced the cut" })],
    ["deleteEntry", () => deleteEntryAction({ storyId, kind: "quote", entryId: quoteId, version: 1 })],
    ["restoreEntry", () => restoreEntryAction({ storyId, kind: "quote", entryId: quoteId, version: 1 })],
    ["updateMemo", () => updateMemoAction({ storyId, version: 1, memo: EMPTY_DOC })],
  ] as const;
};

async function revisionCount(): Promise<number> {
  return db().revision.count({ where: { chain: ids.storyId } });
}

describe("workspace actions", () => {
  it("refuse a signed-out caller and write nothing", async () => {
    const before = await revisionCount();
    actAs(null);
    for (const [name, run] of writes()) expect({ name, result: await run() }).toMatchObject({ name, result: { ok: false, code: "UNAUTHENTICATED" } });
    expect(await revealContactAction({ storyId: ids.storyId, sourceId: ids.sourceId })).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await revisionCount()).toBe(before);
  });

  it("answer a non-member as if the story did not exist, and write nothing", async () => {
    const before = await revisionCount();
    actAs(await makeUser({ role: "editor" }));
    for (const [name, run] of writes()) expect({ name, result: await run() }).toMatchObject({ name, result: { ok: false, code: "NOT_FOUND" } });
    expect(await revealContactAction({ storyId: ids.storyId, sourceId: ids.sourceId })).toMatchObject({ code: "NOT_FOUND" });
    expect(await revisionCount()).toBe(before);
  });

  it("refuse a reader every write, and the contact details", async () => {
    const reader = await makeUser();
    await addToStory(lead, ids.storyId, reader, "reader");
    const before = await revisionCount();
    actAs(reader);
    for (const [name, run] of writes()) expect({ name, result: await run() }).toMatchObject({ name, result: { ok: false, code: "FORBIDDEN" } });
    const reveal = await revealContactAction({ storyId: ids.storyId, sourceId: ids.sourceId });
    expect(reveal).toMatchObject({ code: "FORBIDDEN" });
    expect(JSON.stringify(reveal)).not.toContain("press@example.org");
    expect(await revisionCount()).toBe(before);
  });

  it("let the lead do each of them", async () => {
    actAs(lead);
    for (const [name, run] of writes()) {
      if (name === "deleteEntry" || name === "restoreEntry") continue; // the quote's version has moved on: below
      expect({ name, result: await run() }).toMatchObject({ name, result: { ok: true } });
    }
    expect(await deleteEntryAction({ storyId: ids.storyId, kind: "quote", entryId: ids.quoteId, version: 2 })).toMatchObject({ ok: true });
    expect(await restoreEntryAction({ storyId: ids.storyId, kind: "quote", entryId: ids.quoteId, version: 3 })).toMatchObject({ ok: true });
    expect(await revealContactAction({ storyId: ids.storyId, sourceId: ids.sourceId })).toEqual({ ok: true, data: "press@example.org" });
  });
});
