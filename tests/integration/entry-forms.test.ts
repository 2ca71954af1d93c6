// An entry's edit form is loaded when opened (issue 16): the entry as it is now, its pickers'
// choices named through the protection lens, and only for members who may write.
import { beforeAll, describe, expect, it } from "vitest";
import { entryFormAction } from "@/lib/actions/entry-forms";
import { createQuote, updateQuote } from "@/lib/server/quotes";
import { findSources } from "@/lib/server/sources/list";
import { RECENT_SOURCES } from "@/lib/server/sources/protection";
import { createSource } from "@/lib/server/sources/write";
import { addToStory, makeStory, makeUser, type TestUser } from "@/prisma/factories";
import { actAs } from "../support/session";

let lead: TestUser;
let contributor: TestUser;
let reader: TestUser;
let stranger: TestUser;
let storyId: string;
let quoteId: string;
let speakerId: string;

beforeAll(async () => {
  [lead, contributor, reader, stranger] = await Promise.all([makeUser({ role: "editor" }), makeUser(), makeUser(), makeUser()]);
  storyId = (await makeStory(lead)).id;
  await addToStory(lead, storyId, contributor, "contributor");
  await addToStory(lead, storyId, reader, "reader");
  const speaker = await createSource(lead, { storyId, name: "Brad Smith", kind: "person" });
  await createSource(lead, { storyId, name: "Dana Hidden-Name", kind: "person", protection: "confidential" });
  speakerId = speaker.id;
  const quote = await createQuote(lead, { storyId, speakerId, text: "We have found evidence." });
  await updateQuote(lead, { storyId, quoteId: quote.id, version: 1, speakerId, text: "We have found evidence.", verification: "verified" });
  quoteId = quote.id;
});

describe("entryFormAction", () => {
  it("gives a writer the entry as it is now and its speaker choices, a confidential source by its alias", async () => {
    actAs(contributor);
    const result = await entryFormAction({ storyId, kind: "quote", entryId: quoteId });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.entry).toMatchObject({ id: quoteId, version: 2, verification: "verified" });
    const labels = result.data.options.sources.map((source) => source.label);
    expect(labels).toContain("Brad Smith");
    expect(labels).toContain("Confidential source A");
    expect(JSON.stringify(result.data)).not.toContain("Dana Hidden-Name");
  });

  it("offers the story's newest sources plus the quote's own speaker, not the whole list (a search finds the rest)", async () => {
    actAs(lead);
    const many = (await makeStory(lead)).id;
    const oldest = await createSource(lead, { storyId: many, name: "Oldest Speaker", kind: "person" });
    for (let i = 1; i <= RECENT_SOURCES + 4; i++) await createSource(lead, { storyId: many, name: `Source ${String(i).padStart(2, "0")}`, kind: "person" });
    const quote = await createQuote(lead, { storyId: many, speakerId: oldest.id, text: "Said long ago." });
    const edit = await entryFormAction({ storyId: many, kind: "quote", entryId: quote.id });
    const fresh = await entryFormAction({ storyId: many, kind: "quote" });
    if (!edit.ok || !fresh.ok) throw new Error("the form did not load");
    expect(edit.data.options.sources).toHaveLength(RECENT_SOURCES + 1);
    expect(edit.data.options.sources.map((source) => source.label)).toContain("Oldest Speaker");
    expect(fresh.data.options.sources.map((source) => source.label)).not.toContain("Oldest Speaker");
    expect(fresh.data.options.sources.map((source) => source.label)).toContain(`Source ${RECENT_SOURCES + 4}`);
    expect(await findSources(lead, many, "oldest")).toEqual([{ id: oldest.id, label: "Oldest Speaker" }]);
  });

  it("names a new quote's chosen speaker (the panel filtered on it) beside the newest, and only a source of this story", async () => {
    actAs(lead);
    const many = (await makeStory(lead)).id;
    const oldest = await createSource(lead, { storyId: many, name: "Oldest Speaker", kind: "person" });
    for (let i = 1; i <= RECENT_SOURCES; i++) await createSource(lead, { storyId: many, name: `Source ${String(i).padStart(2, "0")}`, kind: "person" });
    const chosen = await entryFormAction({ storyId: many, kind: "quote", sourceId: oldest.id });
    if (!chosen.ok) throw new Error("the form did not load");
    expect(chosen.data.entry).toBeNull();
    expect(chosen.data.options.sources).toHaveLength(RECENT_SOURCES + 1);
    expect(chosen.data.options.sources.map((source) => source.label)).toContain("Oldest Speaker");
    // Another story's source is not named, whoever asks for it by id.
    const elsewhere = await entryFormAction({ storyId, kind: "quote", sourceId: oldest.id });
    if (!elsewhere.ok) throw new Error("the form did not load");
    expect(elsewhere.data.options.sources.map((source) => source.label)).not.toContain("Oldest Speaker");
  });

  it("refuses a reader, a non-member and a signed-out caller, and an id of another story's kind", async () => {
    actAs(reader);
    expect(await entryFormAction({ storyId, kind: "quote", entryId: quoteId })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    actAs(stranger);
    expect(await entryFormAction({ storyId, kind: "quote", entryId: quoteId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    actAs(null);
    expect(await entryFormAction({ storyId, kind: "quote", entryId: quoteId })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    actAs(lead);
    expect(await entryFormAction({ storyId, kind: "question", entryId: quoteId })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await entryFormAction({ storyId, kind: "quote", entryId: "not-an-id" })).toMatchObject({ ok: false, code: "VALIDATION" });
  });
});
