// Oversight: chain heads and verification for admins; the sensitive-read record for admins and
// a story's leads, naming entries without ever showing protected content.
import { beforeEach, describe, expect, it } from "vitest";
import { verifyChainAction } from "@/lib/actions/audit";
import { db } from "@/lib/db";
import { listChainHeads, listSensitiveReads, recordSensitiveRead, verifyChainFor } from "@/lib/server/audit";
import { createSource } from "@/lib/server/sources/write";
import { revealContact } from "@/lib/server/sources/protection";
import { updateStory } from "@/lib/server/stories";
import { addToStory, makeDesk, makeStory, type TestUser } from "@/prisma/factories";
import { withRawClient, withSuperuserClient } from "../support/db";
import { actAs } from "../support/session";
import { codeOf } from "../support/errors";

const CANARY_NAME = "CANARY-NAME-7731";
const CANARY_CONTACT = "signal:+1-555-CANARY-7731";
const OPEN_NAME = "OPEN-NAME-4410";

let admin: TestUser;
let lead: TestUser;
let contributor: TestUser;
let reader: TestUser;
let outsider: TestUser;
let storyId: string;

beforeEach(async () => {
  ({ admin, lead, contributor, reader, outsider, storyId } = await makeDesk(
    { admin: { role: "admin" }, lead: { role: "editor", on: "lead" }, contributor: { on: "contributor" }, reader: { on: "reader" }, outsider: { role: "editor" } },
    { title: "Audit story" },
  ));
});

describe("chain heads and verification", () => {
  it("lists every chain head to an admin: the desk first, then stories by title", async () => {
    const beta = await makeStory(lead, { title: "Beta chain story" });
    const alpha = await makeStory(lead, { title: "Alpha chain story" });
    const heads = await listChainHeads(admin);
    expect(heads[0]).toMatchObject({ chain: "desk", story: null });
    const ours = heads.filter((head) => [alpha.id, beta.id].includes(head.chain));
    expect(ours.map((head) => head.story?.title)).toEqual(["Alpha chain story", "Beta chain story"]);
    const stored = await db().revisionChain.findUniqueOrThrow({ where: { chain: alpha.id } });
    expect(ours[0]).toMatchObject({ seq: Number(stored.seq), headHash: stored.headHash, story: { id: alpha.id, slug: alpha.slug, deleted: false } });
    expect(ours[0]!.updatedAt).toEqual(stored.updatedAt);
  });

  it("refuses the chain list and verification to anyone but an admin, even a story's lead", async () => {
    expect(await codeOf(listChainHeads(lead))).toBe("FORBIDDEN");
    expect(await codeOf(verifyChainFor(lead, storyId))).toBe("FORBIDDEN");
    expect(await codeOf(verifyChainFor(contributor, "desk"))).toBe("FORBIDDEN");
  });

  it("verifies an intact chain, flags a tampered one and answers NOT_FOUND for anything else", async () => {
    await updateStory(lead, { storyId, version: 1, title: "Audit story, retitled", summary: "", status: "developing" });
    const intact = await verifyChainFor(admin, storyId);
    expect(intact).toMatchObject({ chain: storyId, ok: true });
    expect(intact.revisions).toBe(Number((await db().revisionChain.findUniqueOrThrow({ where: { chain: storyId } })).seq));
    expect((await verifyChainFor(admin, "desk")).ok).toBe(true);

    // As the database owner with triggers off: what someone bypassing the app could do.
    await withSuperuserClient(async (client) => {
      await client.query("SET session_replication_role = replica");
      await client.query(`UPDATE revisions SET snapshot = jsonb_set(snapshot, '{title}', '"Forged"') WHERE chain = $1 AND seq = 2`, [storyId]);
    });
    const tampered = await verifyChainFor(admin, storyId);
    expect(tampered.ok).toBe(false);
    expect(tampered.broken).toMatchObject({ seq: 2, problem: "content does not match its hash" });

    expect(await codeOf(verifyChainFor(admin, "00000000-0000-4000-8000-000000000000"))).toBe("NOT_FOUND");
    expect(await codeOf(verifyChainFor(admin, "desk; DROP TABLE revisions"))).toBe("NOT_FOUND");
  });

  it("verifyChainAction: signed out, not an admin, bad input, and an admin", async () => {
    actAs(null);
    expect(await verifyChainAction({ chain: storyId })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    actAs(lead);
    expect(await verifyChainAction({ chain: storyId })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    actAs(admin);
    expect(await verifyChainAction({ chain: "not-a-chain" })).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await verifyChainAction({ chain: storyId })).toMatchObject({ ok: true, data: { chain: storyId, ok: true } });
  });
});

describe("sensitive reads", () => {
  async function revealBoth() {
    const secret = await createSource(contributor, { storyId, name: CANARY_NAME, kind: "person", protection: "confidential", contact: CANARY_CONTACT });
    const open = await createSource(contributor, { storyId, name: OPEN_NAME, kind: "person", contact: "desk@open.example" });
    await revealContact(contributor, storyId, secret.id);
    await revealContact(lead, storyId, open.id);
    return { secret, open };
  }

  it("records each reveal and lists it by alias, never by name or content", async () => {
    const { secret, open } = await revealBoth();
    const rows = await db().sensitiveRead.findMany({ where: { storyId }, orderBy: { id: "asc" } });
    expect(rows.map((row) => [row.kind, row.actorId, row.entityType, row.entityId, row.field])).toEqual([
      ["reveal", contributor.id, "source", secret.id, "contact"],
      ["reveal", lead.id, "source", open.id, "contact"],
    ]);

    const reads = await listSensitiveReads(lead, { storyId });
    expect(reads).toMatchObject({ total: 2, page: 1, pageCount: 1 });
    expect(reads.items.map((item) => [item.kind, item.actorName, item.entry, item.field, item.story.title])).toEqual([
      ["reveal", lead.name, { type: "Source", label: "a source" }, "contact details", "Audit story"],
      ["reveal", contributor.name, { type: "Source", label: "Confidential source A" }, "contact details", "Audit story"],
    ]);
    const everything = JSON.stringify(reads);
    for (const secretText of [CANARY_NAME, CANARY_CONTACT, OPEN_NAME, "desk@open.example"]) expect(everything).not.toContain(secretText);
  });

  it("lets a story's lead and any admin list it; a contributor or reader is FORBIDDEN, a non-member NOT_FOUND", async () => {
    await revealBoth();
    expect((await listSensitiveReads(lead, { storyId })).total).toBe(2);
    expect(await codeOf(listSensitiveReads(contributor, { storyId }))).toBe("FORBIDDEN");
    expect(await codeOf(listSensitiveReads(reader, { storyId }))).toBe("FORBIDDEN");
    expect(await codeOf(listSensitiveReads(outsider, { storyId }))).toBe("NOT_FOUND");
    expect(await codeOf(listSensitiveReads(outsider, { storyId: "not-a-uuid" }))).toBe("NOT_FOUND");
    // Only admins list every story at once, not even a lead.
    expect(await codeOf(listSensitiveReads(lead, {}))).toBe("FORBIDDEN");

    expect((await listSensitiveReads(admin, { storyId })).total).toBe(2);
    // An admin who is also a reader on the story still oversees it.
    await addToStory(lead, storyId, admin, "reader");
    expect((await listSensitiveReads(admin, { storyId })).total).toBe(2);
  });

  it("lists every story's events to an admin, newest first, 50 a page", async () => {
    await revealBoth();
    const otherStory = (await makeStory(outsider, { title: "Other audit story" })).id;
    const other = await createSource(outsider, { storyId: otherStory, name: "Someone", kind: "person", contact: "x@y.example" });
    await revealContact(outsider, otherStory, other.id);

    const all = await listSensitiveReads(admin, {});
    expect(all.items[0]).toMatchObject({ actorName: outsider.name, story: { id: otherStory, title: "Other audit story" } });
    expect(all.items.filter((item) => item.story.id === storyId)).toHaveLength(2);

    for (let i = 0; i < 50; i += 1) {
      await recordSensitiveRead(db(), { kind: "reveal", storyId, actorId: lead.id, entityType: "source", entityId: other.id, field: "contact" });
    }
    const first = await listSensitiveReads(lead, { storyId });
    const second = await listSensitiveReads(lead, { storyId, page: "2" });
    expect(first).toMatchObject({ total: 52, pageCount: 2 });
    expect(first.items).toHaveLength(50);
    expect(second.items.map((item) => [item.actorName, item.entry?.label])).toEqual([
      [lead.name, "a source"],
      [contributor.name, "Confidential source A"],
    ]);
    const times = [...first.items, ...second.items].map((item) => item.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("records an export with its options and no entry, and keeps the record append-only", async () => {
    await recordSensitiveRead(db(), { kind: "export", storyId, actorId: lead.id, details: { format: "pdf", sections: ["timeline"] } });
    const [item] = (await listSensitiveReads(admin, { storyId })).items;
    expect(item).toMatchObject({ kind: "export", actorName: lead.name, entry: null, field: null });
    expect((await db().sensitiveRead.findFirstOrThrow({ where: { storyId, kind: "export" } })).details).toEqual({ format: "pdf", sections: ["timeline"] });

    await withRawClient(async (client) => {
      await expect(
        client.query(`INSERT INTO sensitive_reads (story_id, actor_id, kind) VALUES ($1, $2, 'reveal')`, [storyId, lead.id]),
      ).rejects.toThrow(/sensitive_reads_kind_check/);
      await expect(
        client.query(`INSERT INTO sensitive_reads (story_id, actor_id, kind) VALUES ($1, $2, 'peek')`, [storyId, lead.id]),
      ).rejects.toThrow(/sensitive_reads_kind_check/);
      await expect(client.query(`UPDATE sensitive_reads SET kind = 'reveal' WHERE story_id = $1`, [storyId])).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM sensitive_reads WHERE story_id = $1`, [storyId])).rejects.toThrow(/append-only/);
    });
  });
});
