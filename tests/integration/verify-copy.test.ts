// Verify a copy: a dossier (JSON, Markdown, PDF) checked against the ledger — its signed
// checkpoint, the ledger behind it, and its content — in the demo desk, with a real Chromium
// for the PDFs. Tampering is done as the database's owner (tests/support/tamper.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/server/access";
import { listSensitiveReads } from "@/lib/server/audit";
import { exportDossier } from "@/lib/server/dossier/export";
import { renderDossierHtml } from "@/lib/server/dossier/html";
import { pdfManifest } from "@/lib/server/dossier/manifest";
import { closePdfBrowser, renderPdf } from "@/lib/server/dossier/pdf";
import type { Dossier } from "@/lib/server/dossier/types";
import { verifyCopy } from "@/lib/server/dossier/verify-copy";
import { verifyChain } from "@/lib/server/ledger";
import { updateQuote } from "@/lib/server/quotes";
import { DEMO_ACCOUNTS } from "@/prisma/demo-accounts";
import { seedDemoDesk } from "@/prisma/seed";
import { makeUser } from "@/prisma/factories";
import { codeOf } from "../support/errors";
import { runScript } from "../support/run-script";
import { forgeRevision } from "../support/tamper";

const TZ = "Europe/Berlin";
const users: Record<string, SessionUser> = {};
let storyId: string;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "storydesk-copies-"));

const bytesOf = (body: Uint8Array | string) => (typeof body === "string" ? new TextEncoder().encode(body) : body);
const exportAs = async (format: "json" | "md" | "pdf", user = users.maya!) => bytesOf((await exportDossier(user, storyId, { format }, TZ)).body);

beforeAll(async () => {
  await seedDemoDesk();
  for (const account of DEMO_ACCOUNTS) {
    users[account.email.split("@")[0]!] = await db().user.findUniqueOrThrow({ where: { email: account.email }, select: { id: true, email: true, name: true, role: true } });
  }
  storyId = (await db().story.findFirstOrThrow({ select: { id: true } })).id;
}, 120_000);

afterAll(async () => {
  await closePdfBrowser();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** A quote of the story and its speaker's name, to change by hand in a copy. */
async function someQuote() {
  const quote = await db().quote.findFirstOrThrow({ where: { storyId, deletedAt: null, speaker: { protection: { not: "confidential" } } }, orderBy: { createdAt: "asc" } });
  return quote;
}

describe("Verify a copy", () => {
  it("matches a fresh export in each format, signed by the desk's key, and counts the changes made since", async () => {
    const head = Number((await db().revisionChain.findUniqueOrThrow({ where: { chain: storyId } })).seq);
    const copies = { json: await exportAs("json"), md: await exportAs("md"), pdf: await exportAs("pdf") };
    for (const [format, bytes] of Object.entries(copies)) {
      const report = await verifyCopy(users.tom!, bytes, TZ);
      expect(report, format).toMatchObject({ format, matched: true, revision: head, signature: { ok: true }, ledger: { ok: true, changesSince: 0 }, content: { ok: true } });
      expect(report.summary).toMatch(new RegExp(`^This copy is the story as of revision #${head} \\(.+\\), signed by this desk's key; 0 changes were made since\\.$`));
    }
    expect((await verifyCopy(users.lina!, copies.pdf, TZ)).content).toMatchObject({ exactFile: true, message: "This is, byte for byte, a file the desk exported." });

    const quote = await someQuote();
    await updateQuote(users.maya!, { quoteId: quote.id, version: quote.version, storyId, speakerId: quote.speakerId, text: `${quote.text} (checked)`, reason: "test" });
    for (const bytes of Object.values(copies)) {
      const report = await verifyCopy(users.tom!, bytes, TZ);
      expect(report).toMatchObject({ matched: true, ledger: { changesSince: 1 } });
      expect(report.summary).toMatch(/; 1 change was made since\.$/);
    }
  }, 120_000);

  it("names the quote whose words were changed by hand in a JSON or Markdown copy", async () => {
    const quote = await someQuote();
    const original = quote.text;
    const json = JSON.parse(new TextDecoder().decode(await exportAs("json"))) as Dossier;
    const group = json.quotes!.find((g) => g.quotes.some((q) => q.id === quote.id))!;
    group.quotes.find((q) => q.id === quote.id)!.text = "We never said anything of the kind.";
    const report = await verifyCopy(users.tom!, new TextEncoder().encode(JSON.stringify(json)), TZ);
    expect(report).toMatchObject({ matched: false, signature: { ok: true }, ledger: { ok: true }, content: { ok: false } });
    expect(report.content.differences).toHaveLength(1);
    expect(report.content.differences[0]).toMatchObject({ field: "words", copy: "We never said anything of the kind.", ledger: original });
    expect(report.content.differences[0]!.where.startsWith(`Quotes by speaker › ${group.speaker} › “`)).toBe(true);

    const md = new TextDecoder().decode(await exportAs("md"));
    const escaped = original.replace(/([\\`*_[\]<>|])/g, "\\$1");
    expect(md).toContain(`> ${escaped}`);
    const edited = md.replace(`> ${escaped}`, "> We never said anything of the kind.");
    const mdReport = await verifyCopy(users.tom!, new TextEncoder().encode(edited), TZ);
    expect(mdReport).toMatchObject({ matched: false, signature: { ok: true }, ledger: { ok: true }, content: { ok: false } });
    expect(mdReport.content.differences).toHaveLength(1);
    expect(mdReport.content.differences[0]).toMatchObject({ field: "text", copy: "> We never said anything of the kind.", ledger: `> ${escaped}` });
    expect(mdReport.content.differences[0]!.where).toMatch(/^line \d+ \(.*Quotes by speaker › /);
  }, 60_000);

  it("names the quote missing from a PDF made to look like the desk's (its own manifest and checkpoint, other words)", async () => {
    const quote = await someQuote();
    const file = await exportDossier(users.maya!, storyId, { format: "json" }, TZ);
    const dossier = JSON.parse(String(file.body)) as Dossier;
    const forged = structuredClone(dossier);
    for (const group of forged.quotes!) for (const q of group.quotes) if (q.id === quote.id) q.text = "Words the speaker never said.";
    const pdf = await renderPdf(renderDossierHtml(forged), { title: "x", author: "x", createdAt: new Date(), headerTitle: "x", marking: "x", custom: pdfManifest(dossier) });
    const report = await verifyCopy(users.tom!, pdf, TZ);
    expect(report).toMatchObject({ format: "pdf", matched: false, signature: { ok: true }, content: { ok: false, exactFile: false } });
    expect(report.content.differences).toEqual([expect.objectContaining({ field: "words", copy: "not in this PDF", ledger: quote.text })]);
  }, 60_000);

  it("refuses a changed checkpoint, a file that is not a dossier, and a story the asker may not see", async () => {
    const json = JSON.parse(new TextDecoder().decode(await exportAs("json"))) as Dossier;
    const altered = { ...json, checkpoint: { ...json.checkpoint!, note: json.checkpoint!.note.replace(/\n\d+\n/, "\n1\n") } };
    const report = await verifyCopy(users.tom!, new TextEncoder().encode(JSON.stringify(altered)), TZ);
    expect(report.signature).toEqual({ ok: false, message: "The signature on this copy's checkpoint does not verify: the checkpoint was altered or forged." });
    expect(report.matched).toBe(false);

    expect(await codeOf(verifyCopy(users.tom!, new TextEncoder().encode("# Just some notes\n"), TZ))).toBe("VALIDATION");
    expect(await codeOf(verifyCopy(users.tom!, new TextEncoder().encode("%PDF-1.7\n%%EOF\n"), TZ))).toBe("VALIDATION");
    const outsider = await makeUser({ role: "editor" });
    expect(await codeOf(verifyCopy(outsider, new TextEncoder().encode(JSON.stringify(json)), TZ))).toBe("NOT_FOUND");
  }, 60_000);

  it("compares an unredacted copy only for the story's leads, and records that it was read", async () => {
    const bytes = bytesOf((await exportDossier(users.maya!, storyId, { format: "json", unredacted: "1" }, TZ)).body);
    const forReader = await verifyCopy(users.tom!, bytes, TZ);
    expect(forReader.content).toMatchObject({ ok: null, message: "This copy is unredacted: only the story's leads can compare its contents with the ledger." });
    const before = (await listSensitiveReads(users.maya!, { storyId })).total;
    expect(await verifyCopy(users.maya!, bytes, TZ)).toMatchObject({ matched: true });
    expect((await listSensitiveReads(users.maya!, { storyId })).total).toBe(before + 1);
  }, 60_000);

  // Last: it leaves the story's ledger forged.
  it("reports a ledger forged behind an exported dossier, in the app and with audit:verify --dossier", async () => {
    const bytes = await exportAs("json");
    const file = path.join(scratch, "dossier.json");
    fs.writeFileSync(file, bytes);
    const copy = JSON.parse(new TextDecoder().decode(bytes)) as Dossier;
    const signedAt = copy.checkpoint!.revision;

    // A forged revision inserted in the middle, every later hash and the head recomputed: the
    // chain's own links verify, but the dossier's signed checkpoint no longer does.
    const quote = await someQuote();
    const at = 20;
    await forgeRevision(storyId, at, {
      entityType: "quote",
      entityId: quote.id,
      actorId: users.lina!.id,
      reason: "Corrected against the recording",
      changedFields: ["text"],
      snapshot: { ...(await db().revision.findFirstOrThrow({ where: { entityId: quote.id }, orderBy: { seq: "desc" } })).snapshot as object, text: "Forged words" },
    });
    expect((await verifyChain(storyId)).problems).toEqual([]);

    const report = await verifyCopy(users.admin!, bytes, TZ);
    expect(report).toMatchObject({ matched: false, signature: { ok: true }, ledger: { ok: false } });
    // Named at the first checkpoint after the forgery (an earlier export's, or this dossier's).
    const first = report.ledger.problems[0]!;
    expect(first.seq).toBeGreaterThanOrEqual(at);
    expect(first.seq).toBeLessThanOrEqual(signedAt);
    expect(first.problem).toMatch(new RegExp(`^Revision #${first.seq} is not the one the desk signed \\(storydesk\\.test/desk on .+\\): the history up to revision #${first.seq} was changed after it was signed\\.`));
    expect(report.summary).toMatch(/^This copy does not match the ledger\. The story's ledger does not verify/);

    const run = await runScript("scripts/audit-verify.ts", [storyId, "--dossier", file]);
    const cli = { code: run.code, out: run.all };
    expect(cli.out).toContain("1 checkpoint(s) given from outside the database.");
    expect(cli.out).toContain(`BROKEN  ${storyId}  at seq ${first.seq}: Revision #${first.seq} is not the one the desk signed`);
    expect(cli.code).toBe(1);
  }, 90_000);
});
