import pg from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadEntryExtras, panelExtras } from "@/components/workspace/entry-extras";
import type { QuoteView } from "@/lib/entry-kinds/quote";
import { listEntries } from "@/lib/entry-kinds/read";
import type { SourceView } from "@/lib/entry-kinds/source";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor } from "@/lib/server/access";
import { createComment } from "@/lib/server/comments";
import { createFollowUp } from "@/lib/server/follow-ups/write";
import { createQuote } from "@/lib/server/quotes";
import { readTogether, type Fragment } from "@/lib/server/read-together";
import { createSource } from "@/lib/server/sources/write";
import { makeDesk, type TestUser } from "@/prisma/factories";

// A panel's reads after its page (names, a kind's counts, open follow-ups, comment counts) are
// one statement, each fragment scoped as its module scopes it. Statements are counted where every
// one goes through (node-postgres' Client#query, called through: the database is real).

const HIDDEN_NAME = "Hidden Whistle 4c1e";

let lead: TestUser;
let reporter: TestUser;
let colleague: TestUser;
let storyId: string;
let otherLead: TestUser;
let otherStoryId: string;

beforeEach(async () => {
  ({ lead, reporter, colleague, storyId } = await makeDesk({
    lead: { role: "editor", name: "Maya Lead", on: "lead" },
    reporter: { name: "Lina Reporter", on: "contributor" },
    colleague: { name: "Tom Colleague", on: "contributor" },
  }));
  ({ otherLead, storyId: otherStoryId } = await makeDesk({ otherLead: { role: "editor", name: "Other Lead", on: "lead" } }));
});

afterEach(() => vi.restoreAllMocks());

/** How many statements `run` sends, and what it returns. */
async function statementsOf<T>(run: () => Promise<T>): Promise<{ statements: number; result: T }> {
  const query = vi.spyOn(pg.Client.prototype, "query");
  try {
    const result = await run();
    return { statements: query.mock.calls.length, result };
  } finally {
    query.mockRestore();
  }
}

const filters = { page: 1, deleted: false };

describe("a panel's reads after its page", () => {
  it("are one statement — the quotes' speakers through the lens, follow-ups and comment counts of this story only", async () => {
    const hidden = await createSource(reporter, { storyId, name: HIDDEN_NAME, kind: "person", protection: "confidential" });
    const open = await createSource(lead, { storyId, name: "Open Speaker", kind: "person" });
    const first = await createQuote(reporter, { storyId, speakerId: hidden.id, text: "The data moved in August." });
    const second = await createQuote(lead, { storyId, speakerId: open.id, text: "We signed in March." });
    await createFollowUp(lead, { storyId, title: "Confirm the month", assigneeId: colleague.id, link: `quote:${first.id}` });
    await createComment(lead, { storyId, entityType: "quote", entityId: first.id, body: "Who else heard it?" });

    const access = await storyAccessFor(colleague, storyId, "reader");
    const extras = panelExtras(access, "quote", "UTC");
    const { statements, result: page } = await statementsOf(() => listEntries(access, "quote", filters, [], extras.beside));
    // The page and its count, then everything after it.
    expect(statements).toBe(2);
    const loaded = (await extras.loaded())!;
    const quotes = page.items as QuoteView[];
    expect(quotes.map((quote) => quote.id)).toEqual([second.id, first.id]);
    expect(quotes.find((quote) => quote.id === first.id)!.speaker.label).toBe("Confidential source A");
    expect(JSON.stringify(quotes)).not.toContain(HIDDEN_NAME);
    expect(loaded.followUps!.get(first.id)!.map((followUp) => [followUp.title, followUp.assigneeName])).toEqual([["Confirm the month", "Tom Colleague"]]);
    expect(loaded.followUps!.has(second.id)).toBe(false);
    expect(loaded.threads!.get(first.id)).toEqual({ open: 1, total: 1 });
    expect(loaded.threads!.get(second.id)).toEqual({ open: 0, total: 0 });

    // Each fragment is scoped to the story: another story's lead asking for these ids reads none of it.
    const elsewhere = await loadEntryExtras(await storyAccessFor(otherLead, otherStoryId, "reader"), "quote", [first.id, second.id], "UTC");
    expect(elsewhere.followUps!.size).toBe(0);
    expect(elsewhere.threads!.get(first.id)).toEqual({ open: 0, total: 0 });
  });

  it("are one statement on the sources panel too, its quote counts among them", async () => {
    const speaker = await createSource(lead, { storyId, name: "Open Speaker", kind: "person" });
    await createQuote(lead, { storyId, speakerId: speaker.id, text: "One." });
    await createQuote(lead, { storyId, speakerId: speaker.id, text: "Two." });
    const access = await storyAccessFor(lead, storyId, "reader");
    const extras = panelExtras(access, "source", "UTC");
    const { statements, result: page } = await statementsOf(() => listEntries(access, "source", filters, [], extras.beside));
    expect(statements).toBe(2);
    expect((page.items as SourceView[]).map((source) => [source.displayName, source.quoteCount])).toEqual([["Open Speaker", 2]]);
    expect((await extras.loaded())!.threads!.get(speaker.id)).toEqual({ open: 0, total: 0 });
  });

  it("leave out the follow-ups fragment where a kind takes no follow-ups", async () => {
    const followUp = await createFollowUp(lead, { storyId, title: "Call the press office", assigneeId: reporter.id });
    const access = await storyAccessFor(lead, storyId, "reader");
    const extras = panelExtras(access, "follow_up", "UTC");
    const { statements, result: page } = await statementsOf(() => listEntries(access, "follow_up", filters, [], extras.beside));
    expect(statements).toBe(2);
    expect(page.items.map((item) => item.id)).toEqual([followUp.id]);
    const loaded = (await extras.loaded())!;
    expect(loaded.followUps).toBeUndefined();
    expect(loaded.threads!.get(followUp.id)).toEqual({ open: 0, total: 0 });
  });
});

describe("readTogether", () => {
  const value = (name: string, n: number): Fragment<number> => ({ name, sql: Prisma.sql`(SELECT ${n}::int + 1)`, parse: (read) => Number(read) });

  it("reads what is asked before the start returns as one statement, and what is asked later alone", async () => {
    const { statements, result } = await statementsOf(() =>
      readTogether((read) =>
        Promise.all([
          read(value("a", 1)),
          read(value("a", 2)), // the same name twice: still two columns
          (async () => {
            const first = await read(value("b", 3));
            return first + (await read(value("c", first))); // after an await: a statement of its own
          })(),
        ]),
      ),
    );
    expect(result).toEqual([2, 3, 4 + 5]);
    expect(statements).toBe(2);
  });

  it("rejects every read of a statement that fails, and only the read whose parser fails", async () => {
    const broken: Fragment<number> = { name: "broken", sql: Prisma.sql`(SELECT 1 / 0)`, parse: Number };
    const results = await readTogether((read) => Promise.allSettled([read(value("a", 1)), read(broken)]));
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    const refusing: Fragment<number> = { name: "refusing", sql: Prisma.sql`(SELECT 1)`, parse: () => { throw new Error("unreadable"); } };
    const parsed = await readTogether((read) => Promise.allSettled([read(value("a", 1)), read(refusing)]));
    expect(parsed.map((result) => result.status)).toEqual(["fulfilled", "rejected"]);
  });
});
