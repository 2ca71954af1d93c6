import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { EMPTY_DOC } from "@/lib/rich-text";
import { deleteEntry, restoreEntry } from "@/lib/server/entries";
import { createQuestion, listQuestions, updateQuestion } from "@/lib/server/questions";
import { createQuote, listQuotes, updateQuote } from "@/lib/server/quotes";
import { createSource, lowerSourceProtection, updateSource } from "@/lib/server/sources/write";
import { listSources } from "@/lib/server/sources/list";
import { revealContact } from "@/lib/server/sources/protection";
import { createTimelineEvent, listTimeline } from "@/lib/server/timeline";
import { workspaceCounts } from "@/lib/server/workspace";
import { verifyChain } from "@/lib/server/ledger";
import { questionFiltersSchema, quoteFiltersSchema, sourceFiltersSchema, timelineFiltersSchema } from "@/lib/validations/workspace";
import { addToStory, makeDesk, makeStory, makeUser, type TestUser } from "@/prisma/factories";
import { withRawClient } from "../support/db";
import { codeOf } from "../support/errors";

const CANARY_NAME = "Canary Whistleblower 7f3a";
const CANARY_AFFILIATION = "Unit 8200 canary desk";
const CANARY_CONTACT = "signal:+972-50-CANARY-0001";

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

const allSources = sourceFiltersSchema.parse({});

describe("source protection", () => {
  it("seals every source's identity and contact at rest, on the record too, in the table and in the ledger", async () => {
    const source = await createSource(reporter, {
      storyId,
      name: CANARY_NAME,
      kind: "person",
      affiliation: CANARY_AFFILIATION,
      protection: "confidential",
      contact: CANARY_CONTACT,
    });
    const open = await createSource(reporter, { storyId, name: "Brad Smith", kind: "person", contact: "press@microsoft.example" });
    await withRawClient(async (client) => {
      const rows = await client.query(`SELECT row_to_json(s)::text AS raw FROM sources s WHERE story_id = $1`, [storyId]);
      const revisions = await client.query(`SELECT snapshot::text AS raw FROM revisions WHERE chain = $1`, [storyId]);
      const everything = [...rows.rows, ...revisions.rows].map((row: { raw: string }) => row.raw).join("\n");
      // Issue 13: an on-the-record name is sealed too (it may become confidential later).
      for (const secret of [CANARY_NAME, CANARY_AFFILIATION, CANARY_CONTACT, "press@microsoft.example", "Brad Smith"]) expect(everything).not.toContain(secret);
      expect(everything).toMatch(/sdenc:v2:1:/);
      expect(everything).not.toMatch(/sdenc:v1:/);
      const keys = await client.query(`SELECT source_id::text, wrapped_key FROM source_keys WHERE source_id = ANY($1::uuid[])`, [[source.id, open.id]]);
      expect(keys.rows).toHaveLength(2);
      expect(keys.rows.every((row: { wrapped_key: string }) => row.wrapped_key.startsWith("sdkey:v1:k1:"))).toBe(true);
    });
    expect(source).toMatchObject({ displayName: CANARY_NAME, alias: "Confidential source A", identityHidden: false, hasContact: true });
    expect(open).toMatchObject({ alias: null, displayName: "Brad Smith", name: "Brad Smith" });
    expect((await listSources(reader, storyId, allSources)).items.map((item) => item.displayName).sort()).toEqual(["Brad Smith", "Confidential source A"]);
  });

  it("never gives a contributor who did not log a confidential source its name, affiliation or contact", async () => {
    const secret = await createSource(reporter, {
      storyId,
      name: CANARY_NAME,
      kind: "person",
      affiliation: CANARY_AFFILIATION,
      protection: "confidential",
      contact: CANARY_CONTACT,
    });
    const quote = await createQuote(reporter, { storyId, speakerId: secret.id, text: "The data was moved overnight." });
    await createQuestion(reporter, { storyId, text: "Did the data move?", answerQuoteIds: [quote.id], answerSourceIds: [secret.id] });
    await createTimelineEvent(reporter, { storyId, when: "2025-09-25", what: "Data reportedly moved", sourceIds: [secret.id] });

    const seenByColleague = JSON.stringify([
      await listSources(colleague, storyId, sourceFiltersSchema.parse({})),
      await listQuotes(colleague, storyId, quoteFiltersSchema.parse({})),
      await listQuestions(colleague, storyId, questionFiltersSchema.parse({})),
      await listTimeline(colleague, storyId, timelineFiltersSchema.parse({})),
      await listSources(reader, storyId, sourceFiltersSchema.parse({ q: "Canary" })),
    ]);
    for (const canary of [CANARY_NAME, CANARY_AFFILIATION, CANARY_CONTACT, "sdenc"]) expect(seenByColleague).not.toContain(canary);
    expect(seenByColleague).toContain("Confidential source A");
    expect(await codeOf(revealContact(colleague, storyId, secret.id))).toBe("FORBIDDEN");

    // The lead and the reporter who logged it see it; each reveal of the contact is recorded.
    const [asLead] = (await listSources(lead, storyId, allSources)).items;
    expect(asLead).toMatchObject({ displayName: CANARY_NAME, affiliation: CANARY_AFFILIATION, identityHidden: false });
    expect(await revealContact(reporter, storyId, secret.id)).toBe(CANARY_CONTACT);
    expect(await revealContact(lead, storyId, secret.id)).toBe(CANARY_CONTACT);
    const reads = await db().sensitiveRead.findMany({ where: { storyId }, orderBy: { id: "asc" } });
    expect(reads.map((read) => [read.actorId, read.field])).toEqual([
      [reporter.id, "contact"],
      [lead.id, "contact"],
    ]);
  });

  it("lets others edit the open fields of a confidential source but not its identity or protection", async () => {
    const secret = await createSource(reporter, { storyId, name: CANARY_NAME, kind: "person", protection: "confidential" });
    const base = { storyId, sourceId: secret.id, kind: "person" as const, protection: "confidential" as const, reliability: "high" as const };
    const edited = await updateSource(colleague, { ...base, version: 1 });
    expect(edited).toMatchObject({ reliability: "high", identityHidden: true, name: null });
    expect(await codeOf(updateSource(colleague, { ...base, version: 2, name: "Someone else" }))).toBe("FORBIDDEN");
    expect(await codeOf(updateSource(colleague, { ...base, version: 2, protection: "on_record" }))).toBe("FORBIDDEN");
    expect(await codeOf(updateSource(colleague, { ...base, version: 2, contact: "x" }))).toBe("FORBIDDEN");
    const revisions = await db().revision.findMany({ where: { entityId: secret.id }, orderBy: { seq: "asc" } });
    expect(revisions.map((r) => r.changedFields)).toEqual([expect.arrayContaining(["name", "alias"]), ["reliability"]]);
  });

  it("re-encrypts when a source becomes confidential, keeping its alias stable afterwards", async () => {
    const source = await createSource(lead, { storyId, name: "Ministry official", kind: "person" });
    const first = await createSource(lead, { storyId, name: "Earlier secret", kind: "person", protection: "confidential" });
    expect(first.alias).toBe("Confidential source A");
    const secret = await updateSource(lead, { storyId, sourceId: source.id, version: 1, kind: "person", protection: "confidential" });
    expect(secret).toMatchObject({ alias: "Confidential source B", displayName: "Ministry official" });
    // Lowering is not an edit: a lead does it explicitly, with a reason.
    expect(await codeOf(updateSource(lead, { storyId, sourceId: source.id, version: 2, protection: "background" }))).toBe("FORBIDDEN");
    expect(await codeOf(lowerSourceProtection(reporter, { storyId, sourceId: source.id, version: 2, protection: "background", reason: "Agreed to be named" }))).toBe("FORBIDDEN");
    const back = await lowerSourceProtection(lead, { storyId, sourceId: source.id, version: 2, protection: "background", reason: "Agreed to be named" });
    expect(back).toMatchObject({ alias: "Confidential source B", name: "Ministry official", protection: "background" });
    const last = await db().revision.findFirstOrThrow({ where: { entityId: source.id }, orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ reason: "Agreed to be named", changedFields: ["protection"] });
    const row = await db().source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.name).toMatch(/^sdenc:v2:/);
  });

  it("changes only the fields an update names: leaving protection out never makes a source public", async () => {
    const secret = await createSource(reporter, { storyId, name: CANARY_NAME, kind: "organization", affiliation: CANARY_AFFILIATION, protection: "confidential", reliability: "high" });
    const edited = await updateSource(reporter, { storyId, sourceId: secret.id, version: 1, reliability: "low" });
    expect(edited).toMatchObject({ protection: "confidential", kind: "organization", reliability: "low", name: CANARY_NAME, affiliation: CANARY_AFFILIATION });
    const revisions = await db().revision.findMany({ where: { entityId: secret.id }, orderBy: { seq: "asc" } });
    expect(revisions.at(-1)?.changedFields).toEqual(["reliability"]);
  });
});

describe("entries", () => {
  it("require a reason to change a quote's words, and keep it in the revision", async () => {
    const speaker = await createSource(lead, { storyId, name: "Brad Smith", kind: "person" });
    const quote = await createQuote(reporter, { storyId, speakerId: speaker.id, text: "We do not provide technology to facilitate mass surveillance of civilian." });
    const fix = { storyId, quoteId: quote.id, speakerId: speaker.id, text: "We do not provide technology to facilitate mass surveillance of civilians." };
    const refused = (await updateQuote(reporter, { ...fix, version: 1 }).catch((e: unknown) => e)) as AppError;
    expect(refused.fieldErrors?.reason?.[0]).toMatch(/Say why/);
    await updateQuote(reporter, { ...fix, version: 1, reason: "Corrected against Microsoft's published message" });
    const last = await db().revision.findFirstOrThrow({ where: { entityId: quote.id }, orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ action: "update", reason: "Corrected against Microsoft's published message", changedFields: ["text"] });
    // Other fields change without a reason.
    const verified = await updateQuote(reporter, { ...fix, version: 2, verification: "verified" });
    expect(verified.verification).toBe("verified");
  });

  it("refuse readers, hide from non-members and reject a speaker from another story", async () => {
    const speaker = await createSource(lead, { storyId, name: "UN expert", kind: "person" });
    expect(await codeOf(createQuote(reader, { storyId, speakerId: speaker.id, text: "x" }))).toBe("FORBIDDEN");
    expect(await codeOf(createQuote(outsider, { storyId, speakerId: speaker.id, text: "x" }))).toBe("NOT_FOUND");
    expect(await codeOf(listQuotes(outsider, storyId, quoteFiltersSchema.parse({})))).toBe("NOT_FOUND");
    const elsewhere = await makeStory(outsider);
    const foreign = await createSource(outsider, { storyId: elsewhere.id, name: "Foreign", kind: "person" });
    expect(await codeOf(createQuote(lead, { storyId, speakerId: foreign.id, text: "x" }))).toBe("VALIDATION");
    expect(await codeOf(createQuestion(lead, { storyId, text: "Which unit?", answerSourceIds: [foreign.id] }))).toBe("VALIDATION");
    expect(await codeOf(createSource(lead, { storyId, name: "", kind: "person" }))).toBe("VALIDATION");
    expect(await codeOf(createSource(lead, { storyId, name: "Bad link", kind: "person", link: "javascript:alert(1)" }))).toBe("VALIDATION");
    expect(await db().source.count({ where: { storyId } })).toBe(1);
  });

  it("write exactly one revision per mutation, and soft-delete and restore with the version check", async () => {
    const before = await db().revision.count({ where: { chain: storyId } });
    const question = await createQuestion(lead, { storyId, text: "Which subscriptions were disabled?", priority: "high" });
    const answered = await updateQuestion(lead, {
      storyId,
      questionId: question.id,
      version: 1,
      text: question.text,
      status: "answered",
      answer: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Cloud storage and AI services." }] }] },
    });
    expect(answered.status).toBe("answered");
    expect(await codeOf(deleteEntry(lead, { storyId, kind: "question", entryId: question.id, version: 1 }))).toBe("CONFLICT");
    await deleteEntry(reporter, { storyId, kind: "question", entryId: question.id, version: 2, reason: "Duplicate" });
    expect((await listQuestions(lead, storyId, questionFiltersSchema.parse({}))).total).toBe(0);
    expect((await listQuestions(lead, storyId, questionFiltersSchema.parse({ deleted: "1" }))).total).toBe(1);
    await restoreEntry(lead, { storyId, kind: "question", entryId: question.id, version: 3 });
    const actions = await db().revision.findMany({ where: { chain: storyId }, orderBy: { seq: "asc" }, skip: before });
    expect(actions.map((r) => [r.action, r.reason])).toEqual([
      ["create", null],
      ["update", null],
      ["delete", "Duplicate"],
      ["restore", null],
    ]);
    expect(await workspaceCounts(lead, storyId)).toMatchObject({ question: { total: 1, open: 0 } });
    expect((await verifyChain(storyId)).ok).toBe(true);
  });

  it("let exactly one of 20 parallel edits from the same version win", async () => {
    const speaker = await createSource(lead, { storyId, name: "Brad Smith", kind: "person" });
    const editors = await Promise.all(Array.from({ length: 16 }, () => makeUser()));
    for (const editor of editors) await addToStory(lead, storyId, editor, "contributor");
    const writers = [lead, reporter, colleague, ...editors, lead];
    const results = await Promise.allSettled(
      writers.map((writer, i) => updateSource(writer, { storyId, sourceId: speaker.id, version: 1, kind: "person", link: `https://example.org/${i}`, notes: EMPTY_DOC })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as AppError).code] : []));
    expect(codes).toEqual(Array.from({ length: 19 }, () => "CONFLICT"));
    expect(await db().revision.count({ where: { entityId: speaker.id } })).toBe(2);
  });

  it("list with filters, sorting and pages that do not grow with the story", async () => {
    const speaker = await createSource(lead, { storyId, name: "CAIR", kind: "organization", reliability: "medium" });
    for (let i = 0; i < 55; i++) {
      await createQuote(lead, { storyId, speakerId: speaker.id, text: `Quote ${i}`, verification: i % 2 ? "verified" : "unverified", saidAt: `2025-09-${String((i % 28) + 1).padStart(2, "0")}` });
    }
    const first = await listQuotes(lead, storyId, quoteFiltersSchema.parse({ sort: "said" }));
    expect(first).toMatchObject({ total: 55, pageCount: 2 });
    expect(first.items).toHaveLength(50);
    expect(first.items[0]!.saidAt!.toISOString()).toBe("2025-09-28T00:00:00.000Z");
    expect((await listQuotes(lead, storyId, quoteFiltersSchema.parse({ page: "2" }))).items).toHaveLength(5);
    expect((await listQuotes(lead, storyId, quoteFiltersSchema.parse({ verification: "verified", speaker: speaker.id }))).total).toBe(27);
    expect((await listQuotes(lead, storyId, quoteFiltersSchema.parse({ q: "quote 5" }))).total).toBe(6);
    expect((await listSources(lead, storyId, sourceFiltersSchema.parse({}))).items[0]).toMatchObject({ quoteCount: 55 });
  });
});
