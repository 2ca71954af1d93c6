// Per-source data keys (issue 13): burning a source destroys its key — its identity is gone from
// the row, every past revision and every later backup, while the chain still verifies — and
// rotating the desk key re-wraps every data key without touching a revision, resuming when
// interrupted.
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor } from "@/lib/server/access";
import { keyCensus, rotateDataKeys } from "@/lib/server/crypto/rotate";
import { entryHistory } from "@/lib/server/history/entry";
import { restoreRevision } from "@/lib/server/history/restore";
import { verifyChain } from "@/lib/server/ledger";
import { createQuote, listQuotes } from "@/lib/server/quotes";
import { listSources } from "@/lib/server/sources/list";
import { SourceLens, legacyIdentityRevisions, recentSourceOptions, renderLens, revealContact, sealLegacySources, storedOf } from "@/lib/server/sources/protection";
import { burnSource, createSource, updateSource } from "@/lib/server/sources/write";
import { quoteFiltersSchema, sourceFiltersSchema } from "@/lib/validations/workspace";
import { makeDesk, makeUser, type TestUser } from "@/prisma/factories";
import { withRawClient } from "../support/db";
import { codeOf } from "../support/errors";

const CANARY = { name: "Ysolde Pembrake-Quist", affiliation: "Quistworks canary office", link: "https://quist.example/canary", notes: "Met at the Quistworks canary gate", contact: "+44 canary 5550199" };

const doc = (text: string): RichTextDoc => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

let lead: TestUser, reporter: TestUser, reader: TestUser, storyId: string;
const all = sourceFiltersSchema.parse({});

beforeEach(async () => {
  ({ lead, reporter, reader, storyId } = await makeDesk({
    lead: { role: "editor", on: "lead", name: "Lea Lead" },
    reporter: { on: "contributor" },
    reader: { on: "reader" },
  }));
});

/** Every text and JSON value of the story's rows and revisions, and every source key, as one string. */
async function atRest(): Promise<string> {
  return withRawClient(async (client) => {
    const rows = await client.query<{ raw: string }>(
      `SELECT row_to_json(s)::text AS raw FROM sources s WHERE story_id = $1::uuid
       UNION ALL SELECT snapshot::text FROM revisions WHERE chain = $1::text
       UNION ALL SELECT row_to_json(k)::text FROM source_keys k JOIN sources s ON s.id = k.source_id WHERE s.story_id = $1::uuid`,
      [storyId],
    );
    return rows.rows.map((row) => row.raw).join("\n");
  });
}

describe("burning a source", () => {
  it("destroys its key: its identity is unrecoverable from the row and every revision, even with the desk key, and the chain verifies", async () => {
    const source = await createSource(reporter, { storyId, kind: "person", protection: "confidential", ...CANARY, notes: doc(CANARY.notes) });
    await updateSource(reporter, { storyId, sourceId: source.id, version: 1, affiliation: `${CANARY.affiliation} (former)` });
    const quote = await createQuote(reporter, { storyId, speakerId: source.id, text: "The gate logs were wiped." });
    const [wrapped] = await withRawClient((client) => client.query<{ wrapped_key: string }>(`SELECT wrapped_key FROM source_keys WHERE source_id = $1`, [source.id])).then((r) => r.rows);
    expect(wrapped?.wrapped_key).toMatch(/^sdkey:v1:/);

    // Only a lead, with a reason.
    expect(await codeOf(burnSource(reporter, { storyId, sourceId: source.id, version: 2, reason: "Source at risk" }))).toBe("FORBIDDEN");
    expect(await codeOf(burnSource(lead, { storyId, sourceId: source.id, version: 2, reason: "" }))).toBe("VALIDATION");
    const burned = await burnSource(lead, { storyId, sourceId: source.id, version: 2, reason: "Source at risk after the raid" });
    expect(burned).toMatchObject({ name: null, affiliation: null, identityHidden: true, canManageProtection: false });
    expect(burned.displayName).toMatch(/^Burned source \(identity destroyed on \d+ \w+ \d{4} by Lea Lead\)$/);

    const last = await db().revision.findFirstOrThrow({ where: { entityId: source.id }, orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ reason: "Source at risk after the raid", actorId: lead.id });
    expect(last.changedFields).toEqual(expect.arrayContaining(["name", "burned_at", "burned_by_id"]));
    expect((await verifyChain(storyId)).ok).toBe(true);

    // Nothing at rest holds the identity, nor the key that sealed it.
    const stored = await atRest();
    for (const value of [...Object.values(CANARY), "Quistworks"]) expect(stored).not.toContain(value);
    expect(stored).not.toContain(wrapped!.wrapped_key);
    const key = await withRawClient((client) => client.query(`SELECT wrapped_key, desk_key_id, burned_at FROM source_keys WHERE source_id = $1`, [source.id]));
    expect(key.rows[0]).toMatchObject({ wrapped_key: null, desk_key_id: null, burned_at: expect.any(Date) });

    // With the desk key configured, as a lead: every past revision's sealed values stay closed.
    const revisions = await db().revision.findMany({ where: { entityId: source.id }, orderBy: { seq: "asc" } });
    expect(revisions.some((revision) => JSON.stringify(revision.snapshot).includes("sdenc:v2:"))).toBe(true);
    const lens = await SourceLens.load(await storyAccessFor(lead, storyId, "reader"), [source.id]);
    for (const revision of revisions) {
      const identity = lens.identity(storedOf(revision.snapshot as Record<string, unknown>));
      expect(identity).toMatchObject({ name: null, affiliation: null, link: null, notes: null, identityHidden: true });
      expect(identity.burned).not.toBeNull();
    }

    // Everyone — the lead too — reads the burned label, in panels, links and history.
    for (const user of [lead, reporter, reader]) {
      const seen = JSON.stringify([await listSources(user, storyId, all), await listQuotes(user, storyId, quoteFiltersSchema.parse({}))]);
      for (const value of Object.values(CANARY)) expect(seen).not.toContain(value);
      expect(seen).toContain("Burned source (identity destroyed on");
    }
    const history = await entryHistory(lead, storyId, "source", source.id, "UTC");
    expect(history.label).toMatch(/^Burned source/);
    expect(history.canRestore).toBe(false);
    expect(JSON.stringify(history)).not.toMatch(/Ysolde|Quistworks|sdenc/);
    expect(JSON.stringify(history)).toContain("destroyed (the source was burned)");
    expect(JSON.stringify(history)).toContain("set (destroyed since: the source was burned)");
    expect(quote.speaker.label).toBe(CANARY.name); // as it was shown before

    // It stays burned: no identity written again, no contact revealed, no earlier version restored, no second burn.
    expect(await codeOf(updateSource(lead, { storyId, sourceId: source.id, version: 3, name: "Someone" }))).toBe("CONFLICT");
    expect(await codeOf(revealContact(lead, storyId, source.id))).toBe("CONFLICT");
    expect(await codeOf(restoreRevision(lead, { storyId, entityType: "source", entityId: source.id, seq: Number(revisions[0]!.seq), version: 3, reason: "Bring it back" }))).toBe("CONFLICT");
    expect(await codeOf(burnSource(lead, { storyId, sourceId: source.id, version: 3, reason: "Again, to be sure" }))).toBe("CONFLICT");
    expect((await updateSource(lead, { storyId, sourceId: source.id, version: 3, reliability: "low" })).reliability).toBe("low");
  });
});

describe("rotating the desk key", () => {
  const original = process.env.STORYDESK_ENCRYPTION_KEYS;
  afterEach(() => {
    process.env.STORYDESK_ENCRYPTION_KEYS = original;
  });

  it("re-wraps every data key under the new key without a revision, resumes when interrupted, and the old key can then be retired", async () => {
    const names = ["Rotation source one", "Rotation source two", "Rotation source three", "Rotation source four"];
    for (const name of names) await createSource(lead, { storyId, name, kind: "person", protection: name.endsWith("two") ? "confidential" : "on_record" });
    const revisionsBefore = await db().revision.count();
    const oldKey = original!;
    const newKey = `k2:${randomBytes(32).toString("base64")}`;
    process.env.STORYDESK_ENCRYPTION_KEYS = `${newKey},${oldKey}`;

    // Interrupted after the first batch of one key.
    let batches = 0;
    const interrupted = await rotateDataKeys({
      batchSize: 1,
      onProgress: () => {
        if (++batches === 1) throw new Error("interrupted");
      },
    }).catch((error: Error) => error.message);
    expect(interrupted).toBe("interrupted");
    const midway = await keyCensus();
    expect(midway.current).toBe("k2");
    expect(midway.byDeskKey.k2).toBe(1);
    expect(midway.byDeskKey.k1).toBeGreaterThanOrEqual(names.length - 1);

    // Run again: it picks up where it stopped, and everything reads meanwhile.
    const progress: number[] = [];
    await rotateDataKeys({ batchSize: 2, onProgress: ({ done }) => progress.push(done) });
    expect(progress.at(-1)).toBe(midway.byDeskKey.k1);
    const after = await keyCensus();
    expect(after.byDeskKey).toEqual({ k2: (midway.byDeskKey.k1 ?? 0) + 1 });
    expect(await db().revision.count()).toBe(revisionsBefore);
    expect((await verifyChain(storyId)).ok).toBe(true);
    expect(await rotateDataKeys()).toBe(0);

    // Retire the old key: every identity still opens, for those who may see it.
    process.env.STORYDESK_ENCRYPTION_KEYS = newKey;
    const seen = (await listSources(lead, storyId, all)).items.map((source) => source.displayName).sort();
    expect(seen).toEqual([...names].sort());
    expect((await listSources(reader, storyId, all)).items.map((source) => source.displayName)).toContain("Confidential source A");
    await createSource(lead, { storyId, name: "After rotation", kind: "person" });
    expect((await keyCensus()).byDeskKey.k1).toBeUndefined();
  });
});

describe("sources from before per-source keys", () => {
  it("are sealed with their own key as a revision by System; the plaintext revisions before are listed for admins", async () => {
    const source = await createSource(reporter, { storyId, name: "Placeholder", kind: "person" });
    // A desk before issue 13: the identity in plaintext, written through the ledger, and no data key.
    await withRawClient(async (client) => {
      await client.query("BEGIN");
      await client.query("SELECT set_config('storydesk.actor_id', $1, true)", [reporter.id]);
      await client.query("UPDATE sources SET name = $2, affiliation = $3, version = version + 1 WHERE id = $1", [source.id, CANARY.name, CANARY.affiliation]);
      await client.query("DELETE FROM source_keys WHERE source_id = $1", [source.id]);
      await client.query("COMMIT");
    });
    expect(await atRest()).toContain(CANARY.name);

    expect(await sealLegacySources()).toBeGreaterThanOrEqual(1);
    expect(await sealLegacySources()).toBe(0); // idempotent
    const row = await db().source.findUniqueOrThrow({ where: { id: source.id } });
    expect(row.name).toMatch(/^sdenc:v2:/);
    expect(row.affiliation).toMatch(/^sdenc:v2:/);
    const last = await db().revision.findFirstOrThrow({ where: { entityId: source.id }, orderBy: { seq: "desc" } });
    expect(last.reason).toMatch(/sealed/i);
    expect((await verifyChain(storyId)).ok).toBe(true);
    expect((await listSources(lead, storyId, all)).items[0]).toMatchObject({ name: CANARY.name, affiliation: CANARY.affiliation });

    const admin = await makeUser({ role: "admin" });
    const listed = (await legacyIdentityRevisions(admin)).items.filter((item) => item.sourceId === source.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ storyId, plaintext: ["name", "affiliation"], burned: false });
    expect(await codeOf(legacyIdentityRevisions(reporter))).toBe("FORBIDDEN");
  });
});

describe("a lens made for one request (a dossier's entries and change log)", () => {
  it("reads and unwraps each source's key once however many readers add it, opens what the rule allows, and takes no other access", async () => {
    const open = await createSource(reporter, { storyId, kind: "person", protection: "on_record", name: "Orla Openshaw" });
    const hidden = await createSource(lead, { storyId, kind: "person", protection: "confidential", name: CANARY.name });
    const [access, readerAccess] = await Promise.all([storyAccessFor(reporter, storyId, "reader"), storyAccessFor(reader, storyId, "reader")]);
    const lens = SourceLens.forRequest(access);
    expect(lens.keyOf(open.id).state).toBe("none"); // nothing read until a reader adds it
    // Two readers at once, sharing a source: one read of each key.
    await Promise.all([lens.include([open.id, hidden.id]), lens.include([hidden.id])]);
    const key = lens.keyOf(open.id);
    expect(key.state).toBe("key");
    await lens.include([open.id]);
    expect(lens.keyOf(open.id)).toBe(key); // not read again: the same key, unwrapped at most once
    const stored = (id: string) => db().source.findUniqueOrThrow({ where: { id } }).then((row) => storedOf({ ...row, logged_by_id: row.loggedById, burned_at: row.burnedAt }));
    expect(lens.label(await stored(open.id))).toBe("Orla Openshaw");
    // The reporter did not log the confidential source: its alias, its name never opened.
    expect(lens.label(await stored(hidden.id))).toMatch(/^Confidential source [A-Z]+$/);
    // Only a lens made for a request grows, and names are loaded only through the access it was made for.
    await expect(SourceLens.load(access, [open.id]).then((plain) => plain.include([hidden.id]))).rejects.toThrow();
    const { EntryNames } = await import("@/lib/entry-kinds/names");
    await expect(EntryNames.load(readerAccess, [], { lens })).rejects.toThrow();
  });

  it("is shared only by the same reader: another user, role or a redacted export is refused, and outside a render nothing is shared", async () => {
    const hidden = await createSource(lead, { storyId, kind: "person", protection: "confidential", name: CANARY.name });
    await createQuote(lead, { storyId, speakerId: hidden.id, text: "The canary's words" });
    const [access, again, readerAccess, leadAccess] = await Promise.all([
      storyAccessFor(reporter, storyId, "reader"),
      storyAccessFor(reporter, storyId, "reader"),
      storyAccessFor(reader, storyId, "reader"),
      storyAccessFor(lead, storyId, "reader"),
    ]);
    const lens = SourceLens.forRequest(access);
    expect(again).not.toBe(access);
    expect(lens.serves(again)).toBe(true); // the same reader checked twice: the same rule applies
    expect([readerAccess, leadAccess, { ...access, redact: true }, { ...access, role: "lead" as const }].map((other) => lens.serves(other))).toEqual([false, false, false, false]);
    const { EntryNames } = await import("@/lib/entry-kinds/names");
    await expect(EntryNames.load(leadAccess, [], { lens })).rejects.toThrow();
    // Outside a server render (a route handler, an action, this test) each call has its own lens.
    expect(renderLens(access)).not.toBe(renderLens(again));
    expect(renderLens(access)).not.toBe(renderLens(access));
    // The reader paths that take the render's lens still name a hidden speaker by its alias only.
    const [options, quotes] = await Promise.all([recentSourceOptions(access, [hidden.id]), listQuotes(reporter, storyId, quoteFiltersSchema.parse({}))]);
    expect(options.map((option) => option.label)).toEqual([expect.stringMatching(/^Confidential source [A-Z]+$/)]);
    expect(quotes.items.map((quote) => quote.speaker.label)).toEqual(options.map((option) => option.label));
    expect(JSON.stringify([options, quotes])).not.toContain(CANARY.name);
  });
});
