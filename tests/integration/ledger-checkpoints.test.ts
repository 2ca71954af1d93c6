// Issue 12: signed checkpoints — made on a schedule (each chain that grew, once an interval) and
// on demand, refused when the ledger contradicts an earlier one, mirrored outside the database
// (a directory, a webhook), and written by `npm run audit:checkpoint` for keeping elsewhere.
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { exportDossier } from "@/lib/server/dossier/export";
import type { Dossier } from "@/lib/server/dossier/types";
import { readCheckpoint } from "@/lib/server/ledger/checkpoint-note";
import { checkpointGrownChains, checkpointHead, checkpointStore, CheckpointRefused, makeCheckpoint, prepareCheckpoint } from "@/lib/server/ledger/checkpoints";
import { Prisma } from "@/lib/generated/prisma/client";
import { trustedVerifiers } from "@/lib/server/ledger/keys";
import { mirrorsSettled } from "@/lib/server/ledger/mirror";
import { updateStory } from "@/lib/server/stories";
import { makeStory, makeUser } from "@/prisma/factories";
import { withRawClient } from "../support/db";
import { runScript } from "../support/run-script";
import { tamper } from "../support/tamper";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-checkpoints-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function story() {
  const lead = await makeUser({ role: "editor" });
  const created = await makeStory(lead, { title: "Checkpointed" });
  return { lead, story: created };
}

const latestOf = (chain: string) => db().ledgerCheckpoint.findFirst({ where: { chain }, orderBy: { id: "desc" } });

describe("checkpoints", () => {
  it("on a schedule: each chain that grew, once an interval", async () => {
    const { lead, story: s } = await story();
    const first = await checkpointGrownChains("schedule", 60 * 60_000, null);
    expect(first.refused).toEqual([]);
    expect(first.signed.map((c) => c.chain)).toContain(s.id);
    expect(await latestOf(s.id)).toMatchObject({ seq: 2n, occasion: "schedule" });

    // Nothing new: nothing signed. Grown, but within the interval: not yet.
    expect((await checkpointGrownChains("schedule", 60 * 60_000, null)).signed.map((c) => c.chain)).not.toContain(s.id);
    await updateStory(lead, { storyId: s.id, version: s.version, title: "Checkpointed, grown", summary: "", status: "developing" });
    expect((await checkpointGrownChains("schedule", 60 * 60_000, null)).signed.map((c) => c.chain)).not.toContain(s.id);
    // Once the interval has passed (here: none), the growth is signed.
    const later = await checkpointGrownChains("schedule", 0, null);
    expect(later.signed.find((c) => c.chain === s.id)).toMatchObject({ seq: 3 });
    const read = readCheckpoint(later.signed.find((c) => c.chain === s.id)!.note, trustedVerifiers());
    expect(read).toMatchObject({ ok: true, checkpoint: { chain: s.id, seq: 3, keyName: "storydesk.test/desk", keyId: "81be63ba" } });
  });

  it("refuses to sign a ledger that contradicts an earlier checkpoint — and the dossier says so instead", async () => {
    const { lead, story: s } = await story();
    await checkpointHead(s.id, "on_demand", lead.id);
    await tamper(`UPDATE revisions SET hash = repeat('e', 64) WHERE chain = $1 AND seq = 2`, [s.id]);
    await expect(makeCheckpoint(s.id, 2, "on_demand", lead.id)).rejects.toBeInstanceOf(CheckpointRefused);
    await expect(checkpointHead(s.id, "on_demand", lead.id)).rejects.toThrow(/revision #2 no longer has the hash the desk signed for it/);
    const grown = await checkpointGrownChains("schedule", 0, null);
    expect(grown.signed.map((c) => c.chain)).not.toContain(s.id);

    await updateStory(lead, { storyId: s.id, version: s.version, title: "After the tampering", summary: "", status: "developing" });
    expect((await checkpointGrownChains("schedule", 0, null)).refused).toContainEqual({ chain: s.id, reason: "revision #2 no longer has the hash the desk signed for it." });
    const checkpointsBefore = await db().ledgerCheckpoint.count({ where: { chain: s.id } });
    const file = await exportDossier(lead, s.id, { format: "json" }, "UTC");
    const dossier = JSON.parse(String(file.body)) as Dossier;
    expect(dossier.checkpoint).toBeUndefined();
    expect(dossier.unsigned).toMatch(/^Not signed: the desk's ledger no longer matches a checkpoint it signed earlier/);
    // Nothing signed was kept; the export is recorded once, by the unsigned file it handed out.
    expect(await db().ledgerCheckpoint.count({ where: { chain: s.id } })).toBe(checkpointsBefore);
    const records = await db().sensitiveRead.findMany({ where: { storyId: s.id, kind: "export" } });
    expect(records.map((r) => (r.details as { sha256: string }).sha256)).toEqual([createHash("sha256").update(file.body).digest("hex")]);
    // A PDF stores its checkpoint while it renders: refused there, it is made again unsigned and recorded once, by that file.
    const pdf = await exportDossier(lead, s.id, { format: "pdf" }, "UTC");
    expect(await db().ledgerCheckpoint.count({ where: { chain: s.id } })).toBe(checkpointsBefore);
    const pdfRecords = await db().sensitiveRead.findMany({ where: { storyId: s.id, kind: "export", details: { path: ["format"], equals: "pdf" } } });
    expect(pdfRecords.map((r) => (r.details as { sha256: string }).sha256)).toEqual([createHash("sha256").update(pdf.body).digest("hex")]);
  });

  it("mirrors each new checkpoint to a directory and a webhook, outside the database", async () => {
    const received: string[] = [];
    const server = http.createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push(`${request.headers["content-type"]}|${body}`);
        response.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const dir = path.join(scratch, "mirror");
    process.env.STORYDESK_CHECKPOINT_DIR = dir;
    process.env.STORYDESK_CHECKPOINT_WEBHOOK = `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints`;
    try {
      const { lead, story: s } = await story();
      const checkpoint = await checkpointHead(s.id, "on_demand", lead.id);
      await mirrorsSettled();
      expect(fs.readFileSync(path.join(dir, `${s.id}.notes`), "utf8")).toBe(`${checkpoint.note}\n`);
      expect(received).toEqual([`text/plain; charset=utf-8|${checkpoint.note}`]);
    } finally {
      delete process.env.STORYDESK_CHECKPOINT_DIR;
      delete process.env.STORYDESK_CHECKPOINT_WEBHOOK;
      server.close();
    }
  });

  it("checks the chain's latest checkpoint in one index probe, however many exports signed the same revision", async () => {
    const { lead, story: s } = await story();
    await makeCheckpoint(s.id, 2, "export", lead.id);
    // 2,000 more exports of the same state of the story: 2,000 checkpoints of revision #2.
    await withRawClient(async (client) => {
      await client.query(
        `INSERT INTO ledger_checkpoints (chain, story_id, seq, head_hash, signed_at, key_name, key_id, note, occasion, created_by_id)
         SELECT chain, story_id, seq, head_hash, signed_at, key_name, key_id, note, occasion, created_by_id FROM ledger_checkpoints, generate_series(1, 2000) WHERE chain = $1`,
        [s.id],
      );
      await client.query("ANALYZE ledger_checkpoints");
    });
    // The call an export stores its checkpoint with, as the app makes it: the buffers it touched,
    // its function's statement included. Reading every checkpoint of revision #2 (the index on
    // (chain, seq) alone) touches every page of them, ~150; one probe of (chain, seq, id), ~10.
    const checkpoint = await prepareCheckpoint(s.id, 2);
    // Once first, so the function's compilation and catalog reads are not counted.
    await db().$queryRaw`SELECT ${checkpointStore(checkpoint, "export", lead.id)}`;
    const [explained] = await db().$queryRaw<{ "QUERY PLAN": [{ Plan: { "Shared Hit Blocks": number; "Shared Read Blocks": number } }] }[]>(
      Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT ${checkpointStore(checkpoint, "export", lead.id)}`,
    );
    const plan = explained!["QUERY PLAN"][0].Plan;
    expect(plan["Shared Hit Blocks"] + plan["Shared Read Blocks"], JSON.stringify(plan)).toBeLessThan(25);
    expect(await db().ledgerCheckpoint.count({ where: { chain: s.id } })).toBe(2003);
  });

  it("npm run audit:checkpoint writes signed checkpoints to keep elsewhere (new ones, or --stored)", async () => {
    const { story: s } = await story();
    const run = (args: string[]) => runScript("scripts/audit-checkpoint.ts", args);
    const fresh = await run([s.id]);
    expect(fresh.code).toBe(0);
    expect(fresh.err).toContain("1 checkpoint(s) signed.");
    expect(readCheckpoint(fresh.out, trustedVerifiers())).toMatchObject({ ok: true, checkpoint: { chain: s.id, seq: 2 } });
    expect((await latestOf(s.id))?.note).toBe(fresh.out);

    const stored = await run([s.id, "--stored"]);
    expect(stored.out).toBe(fresh.out);
    expect((await run(["no-such-story"])).code).toBe(2);
  }, 60_000);
});
