// The evidence desk (issue 17) against a real PostgreSQL, as the runtime role: documents are
// stored immutably with their hash in the ledger, story access holds, a new take re-anchors the
// quotes logged from the old one (flagging and notifying), NINJS versions chain, and bad input
// stores nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { buildDossier } from "@/lib/server/dossier/build";
import { renderDossierMarkdown } from "@/lib/server/dossier/markdown";
import { createClaim, listClaims } from "@/lib/server/evidence/claims";
import { importDocument, listDocuments, readDocument } from "@/lib/server/evidence/documents";
import { logQuoteFromDocument } from "@/lib/server/evidence/quotes";
import { documentViewer } from "@/lib/server/evidence/viewer";
import { findSources } from "@/lib/server/sources/list";
import { storyAccessFor } from "@/lib/server/access";
import { createSource } from "@/lib/server/sources/write";
import { verifyChain } from "@/lib/server/ledger";
import { claimFiltersSchema, documentFiltersSchema } from "@/lib/validations/workspace";
import { makeDesk, type TestUser } from "@/prisma/factories";
import { withAppClient, withRawClient } from "../support/db";
import { codeOf } from "../support/errors";

let lead: TestUser;
let reporter: TestUser;
let reader: TestUser;
let outsider: TestUser;
let storyId: string;

beforeEach(async () => {
  ({ lead, reporter, reader, outsider, storyId } = await makeDesk({
    lead: { role: "editor", on: "lead" },
    reporter: { on: "contributor" },
    reader: { on: "reader" },
    outsider: { role: "editor" },
  }));
});

const TAKE_1 = [
  "Microsoft on Thursday said it cut an Israeli defense unit’s access to some cloud services.",
  "“We have found evidence that supports elements of The Guardian’s reporting,” Microsoft president Brad Smith said.",
  "“We do not provide technology to facilitate mass surveillance of civilians,” Smith said.",
].join("\n\n");

/** A quote logged from `text` in the document, by `user`, spoken by a new source. */
async function quoteFrom(user: TestUser, documentId: string, body: string, text: string) {
  const start = body.indexOf(text);
  expect(start).toBeGreaterThanOrEqual(0);
  return logQuoteFromDocument(user, { storyId, passage: { documentId, start, end: start + text.length }, newSpeakerName: "Brad Smith" });
}

const ninjs = (version: string, body: string) =>
  new TextEncoder().encode(JSON.stringify({ guid: "urn:newsml:example.com:20250926:ms-gaza", version, type: "text", headline: "Microsoft cuts unit’s access", body_text: body, language: "en", versioncreated: "2025-09-26T10:00:00Z" }));

describe("documents", () => {
  it("stores a pasted document with its SHA-256; the revision holds the hashes, not the body", async () => {
    const { document } = await importDocument(reporter, { storyId, origin: "Agency A" }, { text: TAKE_1 });
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(document.origin).toBe("Agency A");
    const revision = await db().revision.findFirstOrThrow({ where: { entityId: document.id } });
    const snapshot = revision.snapshot as Record<string, unknown>;
    expect(snapshot.sha256).toBe(document.sha256);
    expect(snapshot.body_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(snapshot).not.toHaveProperty("body");
    expect((await verifyChain(storyId)).ok).toBe(true);
    const read = await readDocument(await storyAccessFor(reader, storyId, "reader"), document.id);
    expect(read.body).toBe(TAKE_1);
  });

  it("a non-member sees nothing and a reader cannot import", async () => {
    const { document } = await importDocument(lead, { storyId }, { text: TAKE_1 });
    expect(await codeOf(listDocuments(outsider, storyId, documentFiltersSchema.parse({})))).toBe("NOT_FOUND");
    expect(await codeOf(importDocument(outsider, { storyId }, { text: TAKE_1 }))).toBe("NOT_FOUND");
    expect(await codeOf(importDocument(reader, { storyId }, { text: TAKE_1 }))).toBe("FORBIDDEN");
    expect(await codeOf(logQuoteFromDocument(reader, { storyId, passage: { documentId: document.id, start: 0, end: 9 }, newSpeakerName: "X" }))).toBe("FORBIDDEN");
    expect((await listDocuments(reader, storyId, documentFiltersSchema.parse({}))).items.map((item) => item.id)).toEqual([document.id]);
    expect(await db().document.count({ where: { storyId } })).toBe(1);
  });

  it("the runtime role cannot change a document's words, hash or provenance, only soft-delete it", async () => {
    const { document } = await importDocument(lead, { storyId }, { text: TAKE_1 });
    await withAppClient(async (client) => {
      await expect(client.query("UPDATE documents SET body = 'forged' WHERE id = $1", [document.id])).rejects.toThrow(/permission denied/);
      await expect(client.query("UPDATE documents SET sha256 = repeat('0', 64) WHERE id = $1", [document.id])).rejects.toThrow(/permission denied/);
      await expect(client.query("DELETE FROM documents WHERE id = $1", [document.id])).rejects.toThrow(/permission denied/);
    });
    expect((await db().document.findUniqueOrThrow({ where: { id: document.id } })).body).toBe(TAKE_1);
  });

  it("a malformed file or an empty paste gets a clear error and stores nothing", async () => {
    const before = await withRawClient(async (client) => (await client.query("SELECT count(*)::int AS n FROM revisions WHERE story_id = $1", [storyId])).rows[0].n as number);
    const bad = importDocument(lead, { storyId }, { bytes: new TextEncoder().encode("{ not json"), filename: "item.json", mimeType: "application/json" });
    await expect(bad).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(importDocument(lead, { storyId }, { text: "   " })).rejects.toMatchObject({ code: "VALIDATION" });
    const tooBig = importDocument(lead, { storyId }, { text: "word ".repeat(2_200_000) });
    await expect(tooBig).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringMatching(/MB/) });
    expect(await db().document.count({ where: { storyId } })).toBe(0);
    const after = await withRawClient(async (client) => (await client.query("SELECT count(*)::int AS n FROM revisions WHERE story_id = $1", [storyId])).rows[0].n as number);
    expect(after).toBe(before);
  });

  it("two versions of a NINJS item chain: the second replaces the first", async () => {
    const first = await importDocument(lead, { storyId }, { bytes: ninjs("1", TAKE_1), filename: "item.json", mimeType: "application/json" });
    const second = await importDocument(lead, { storyId }, { bytes: ninjs("2", `${TAKE_1}\n\nA paragraph added in take 2.`), filename: "item.json", mimeType: "application/json" });
    expect(first.replaced).toBeNull();
    expect(second.replaced?.id).toBe(first.document.id);
    expect(second.document.replacesId).toBe(first.document.id);
    expect(second.document.itemVersion).toBe("2");
    const read = await readDocument(await storyAccessFor(lead, storyId, "reader"), second.document.id);
    expect(read.takes.map((take) => take.id)).toEqual([first.document.id, second.document.id]);
  });
});

describe("a new take", () => {
  it("re-anchors the quotes of the old take, flags the one whose words changed and notifies its logger", async () => {
    const { document: take1 } = await importDocument(lead, { storyId, title: "Report A" }, { text: TAKE_1 });
    const kept = await quoteFrom(reporter, take1.id, TAKE_1, "We do not provide technology to facilitate mass surveillance of civilians");
    const changed = await quoteFrom(reporter, take1.id, TAKE_1, "We have found evidence that supports elements of The Guardian’s reporting");
    expect(kept.anchorStatus).toBe("anchored");
    const take2Text = `A paragraph added above.\n\n${TAKE_1.replace("found evidence that supports elements", "found evidence that supports some elements")}`;
    const { document: take2, reanchored } = await importDocument(lead, { storyId, title: "Report A", replacesId: take1.id }, { text: take2Text });
    expect(new Map(reanchored.map((quote) => [quote.quoteId, quote.status]))).toEqual(
      new Map([
        [kept.id, "anchored"],
        [changed.id, "changed"],
      ]),
    );
    const rows = await db().quote.findMany({ where: { id: { in: [kept.id, changed.id] } } });
    for (const row of rows) {
      expect(row.anchorCheckedId).toBe(take2.id);
      expect(row.documentId).toBe(take1.id);
      expect(row.version).toBe(2);
    }
    const keptAnchor = rows.find((row) => row.id === kept.id)!.anchor as [{ exact: string }, { start: number; end: number }];
    expect(take2Text.slice(keptAnchor[1].start, keptAnchor[1].end)).toBe(keptAnchor[0].exact);
    // The flag is a revision of the quote, in the story's chain; the logger is told once.
    const revisions = await db().revision.findMany({ where: { entityId: changed.id }, orderBy: { seq: "asc" } });
    expect(revisions.map((revision) => revision.action)).toEqual(["create", "update"]);
    expect(revisions[1]!.changedFields).toEqual(expect.arrayContaining(["anchor", "anchor_status", "anchor_checked_id"]));
    const notes = await db().notification.findMany({ where: { storyId, kind: "anchor_changed" } });
    expect(notes.map((note) => [note.userId, note.entityId])).toEqual([[reporter.id, changed.id]]);
    expect(notes[0]!.title).toMatch(/^Take 2 of “Report A” changed \{entry\}$/);
    expect((await verifyChain(storyId)).ok).toBe(true);
  });
});

describe("claims", () => {
  it("records each report's version as an anchored passage; a reader cannot record one", async () => {
    const { document: a } = await importDocument(lead, { storyId, title: "Report A" }, { text: TAKE_1 });
    const { document: b } = await importDocument(lead, { storyId, title: "Report B" }, { text: "A unit within the Israeli Ministry of Defence (IMOD) lost access." });
    const claim = await createClaim(reporter, {
      storyId,
      detail: "Who lost access",
      kind: "actor",
      versions: [{ passage: { documentId: a.id, words: "an Israeli defense unit" } }, { passage: { documentId: b.id, words: "A unit within the Israeli Ministry of Defence (IMOD)" } }],
    });
    expect(claim.versions.map((version) => [version.document?.id, version.text, version.anchor[0].type])).toEqual([
      [a.id, "an Israeli defense unit", "TextQuoteSelector"],
      [b.id, "A unit within the Israeli Ministry of Defence (IMOD)", "TextQuoteSelector"],
    ]);
    await expect(createClaim(reporter, { storyId, detail: "Made up", versions: [{ passage: { documentId: a.id, words: "words not in it" } }] })).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await codeOf(createClaim(reader, { storyId, detail: "Who lost access" }))).toBe("FORBIDDEN");
    expect((await listClaims(reader, storyId, claimFiltersSchema.parse({}))).items.map((item) => item.id)).toEqual([claim.id]);
    expect(await codeOf(listClaims(outsider, storyId, claimFiltersSchema.parse({})))).toBe("NOT_FOUND");
  });
});

it("a quote's speaker must be a source of the story", async () => {
  const { document } = await importDocument(lead, { storyId }, { text: TAKE_1 });
  const source = await createSource(lead, { storyId, name: "Brad Smith", kind: "person" });
  const quote = await logQuoteFromDocument(lead, { storyId, passage: { documentId: document.id, start: 0, end: 9 }, speakerId: source.id });
  expect(quote.text).toBe("Microsoft");
  await expect(logQuoteFromDocument(lead, { storyId, passage: { documentId: document.id, start: 0, end: 99_999 }, speakerId: source.id })).rejects.toMatchObject({ code: "VALIDATION" });
});

it("the dossier lists the evidence with its hashes, each quote's provenance and each claim's versions as Web Annotations", async () => {
  const { document } = await importDocument(lead, { storyId, title: "Report A", origin: "Agency A" }, { text: TAKE_1 });
  const quote = await quoteFrom(reporter, document.id, TAKE_1, "We do not provide technology to facilitate mass surveillance of civilians");
  await createClaim(lead, { storyId, detail: "Who lost access", kind: "actor", versions: [{ passage: { documentId: document.id, words: "an Israeli defense unit" } }] });
  const { dossier } = await buildDossier(reader, storyId, { format: "json", profile: "internal", sections: "quotes,evidence,disagreements" }, "UTC");
  expect(dossier.evidence).toEqual([expect.objectContaining({ id: document.id, title: "Report A", origin: "Agency A", sha256: document.sha256, bodySha256: document.bodySha256 })]);
  const logged = dossier.quotes!.flatMap((group) => group.quotes).find((entry) => entry.id === quote.id)!;
  const start = TAKE_1.indexOf("We do not provide");
  expect(logged.provenance).toEqual({
    document: "Report A (Agency A)",
    documentId: document.id,
    paragraph: 3,
    status: "Anchored",
    annotation: {
      type: "Annotation",
      target: {
        source: `urn:storydesk:document:${document.id}`,
        selector: [
          { type: "TextQuoteSelector", exact: quote.text, prefix: expect.any(String), suffix: expect.any(String) },
          { type: "TextPositionSelector", start, end: start + quote.text.length },
        ],
      },
    },
  });
  expect(dossier.disagreements![0]!.versions[0]!.annotation.target.selector[0].exact).toBe("an Israeli defense unit");
  const markdown = renderDossierMarkdown(dossier);
  expect(markdown).toContain("## Where the sources disagree");
  expect(markdown).toContain(`SHA-256 of the file: \`${document.sha256}\``);
  expect(markdown).toContain("From Report A (Agency A) ¶3");
});

describe("the viewer's speakers", () => {
  it("sends the sources its attributions name, and finds any other by search — a confidential one by its alias only", async () => {
    const smith = await createSource(lead, { storyId, name: "Brad Smith", kind: "person", affiliation: "President, Microsoft" });
    const other = await createSource(lead, { storyId, name: "Ayelet Vintercroft", kind: "person", affiliation: "" });
    await createSource(lead, { storyId, name: "Zqsecret Vintercroft", kind: "person", affiliation: "", protection: "confidential" });
    const { document } = await importDocument(reporter, { storyId, origin: "Agency A" }, { text: TAKE_1 });
    const view = await documentViewer(reporter, storyId, document.id);
    expect(view.speakers).toEqual([{ id: smith.id, label: "Brad Smith" }]);
    expect(view.proposals.map((proposal) => proposal.speakerId)).toEqual([smith.id, smith.id]);

    // Matched as before through the keyed index, whatever the letter forms (أشرف in the name, اشرف in the copy).
    const qudra = await createSource(lead, { storyId, name: "أشرف القدرة", kind: "person", affiliation: "" });
    const { document: arabic } = await importDocument(reporter, { storyId }, { text: "«نعمل بلا توقف في المستشفى»، قال اشرف القدرة." });
    expect((await documentViewer(reader, storyId, arabic.id)).proposals.map((proposal) => proposal.speakerId)).toEqual([qudra.id]);

    // The picker's search: a reader who may not see the confidential one finds it by its alias, never by its name.
    expect((await findSources(reader, storyId, "vintercroft")).map((source) => source.label)).toEqual(["Ayelet Vintercroft"]);
    expect(await findSources(reader, storyId, "zqsecret")).toEqual([]);
    const [alias] = await findSources(reader, storyId, "confidential");
    expect(alias?.label).toMatch(/^Confidential source/);
    expect(await findSources(lead, storyId, "confidential")).toEqual([]);
    expect((await findSources(lead, storyId, "vintercroft")).map((source) => source.label)).toEqual(["Ayelet Vintercroft", "Zqsecret Vintercroft"]);
    expect((await findSources(reporter, storyId, "AYELET"))[0]).toEqual({ id: other.id, label: "Ayelet Vintercroft" });
    expect(await findSources(reporter, storyId, "  ")).toEqual([]);
    // A name holding the words comes before a source found by its affiliation alone.
    await createSource(lead, { storyId, name: "Aaron Abel", kind: "person", affiliation: "Vintercroft & Partners" });
    expect((await findSources(reader, storyId, "vintercroft")).map((source) => source.label)).toEqual(["Ayelet Vintercroft", "Aaron Abel"]);
    expect(await codeOf(findSources(outsider, storyId, "vintercroft"))).toBe("NOT_FOUND");
  });
});
