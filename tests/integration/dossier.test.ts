// The dossier export, end to end below the route: built from the real database (the demo desk
// plus test entries), rendered to PDF by a real Chromium, read back with pdf.js (unpdf).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/server/access";
import { listSensitiveReads } from "@/lib/server/audit";
import { buildDossier } from "@/lib/server/dossier/build";
import { exportDossier } from "@/lib/server/dossier/export";
import { closePdfBrowser } from "@/lib/server/dossier/pdf";
import { deleteEntry } from "@/lib/server/entries";
import { createQuote } from "@/lib/server/quotes";
import { createSource } from "@/lib/server/sources/write";
import { DOSSIER_SECTIONS } from "@/lib/validations/dossier";
import { DEMO_ACCOUNTS } from "@/prisma/demo-accounts";
import { QUOTES } from "@/prisma/demo-story";
import { seedDemoDesk } from "@/prisma/seed";
import { makeUser } from "@/prisma/factories";
import { codeOf } from "../support/errors";
import { pdfTextBlocks, readRightToLeft } from "@/lib/server/dossier/pdf-text";

const CANARY_NAME = "Canary Dossier Insider 4b1d";
const CANARY_AFFILIATION = "Canary signals directorate";
const CANARY_CONTACT = "signal:+972-55-CANARY-4B1D";
const HEBREW = "המידע הועבר לשרתים אחרים";
const ARABIC = "تم نقل البيانات إلى خوادم أخرى";
const TZ = "Europe/Berlin";

let storyId: string;
const users: Record<string, SessionUser> = {};
let canaryId: string;

const squash = (text: string) => text.replace(/\s+/g, " ").trim();
const noBackslashes = (text: string) => text.replace(/\\/g, "");
async function pdfText(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  const meta = await getMeta(pdf);
  return { text: squash(text), pages: totalPages, info: meta.info as Record<string, unknown> };
}
const asBytes = (body: Uint8Array | string) => (typeof body === "string" ? new TextEncoder().encode(body) : body);

beforeAll(async () => {
  await db().$queryRaw`SELECT 1`;
  await seedDemoDesk();
  for (const account of DEMO_ACCOUNTS) {
    users[account.email.split("@")[0]!] = await db().user.findUniqueOrThrow({ where: { email: account.email }, select: { id: true, email: true, name: true, role: true } });
  }
  storyId = (await db().story.findFirstOrThrow({ select: { id: true } })).id;
  const canary = await createSource(users.lina!, { storyId, name: CANARY_NAME, affiliation: CANARY_AFFILIATION, kind: "person", protection: "confidential", contact: CANARY_CONTACT });
  canaryId = canary.id;
  await createQuote(users.lina!, { storyId, speakerId: canary.id, text: HEBREW, language: "he", verification: "verified" });
  await createQuote(users.lina!, { storyId, speakerId: canary.id, text: ARABIC, language: "ar", verification: "unverified" });
}, 120_000);

afterAll(async () => {
  await closePdfBrowser();
});

describe("the PDF dossier", () => {
  it("has every section, the demo quotes verbatim, Hebrew and Arabic in logical order, page numbers and metadata — and no protected source", async () => {
    const file = await exportDossier(users.sam!, storyId, { format: "pdf" }, TZ, new Date("2026-11-30T09:05:00Z"));
    expect(file.filename).toMatch(/^microsoft-cuts-.*-dossier-2026-11-30-1005\.pdf$/);
    expect(file.contentType).toBe("application/pdf");
    const { text, pages, info } = await pdfText(asBytes(file.body));

    for (const section of Object.values(DOSSIER_SECTIONS)) expect(text).toContain(section);
    for (const key of ["evidence", "noSurveillance"] as const) expect(text).toContain(squash(QUOTES[key].text));
    // Right-to-left lines read as poppler and Acrobat read them (pdf.js ignores Chromium's
    // reversed-run and ActualText markers; see lib/server/dossier/pdf-text.ts): in logical order.
    const rtl = (await pdfTextBlocks(asBytes(file.body))).flat().filter((block) => block.clusters.some((c) => c.reversed)).map(readRightToLeft);
    expect(rtl.some((line) => line.includes(HEBREW))).toBe(true);
    expect(rtl.some((line) => line.includes(ARABIC))).toBe(true);
    expect(text).toMatch(/INTERNAL — CONFIDENTIAL/);
    expect(text).toMatch(new RegExp(`Page 1 of ${pages}`));
    expect(pages).toBeGreaterThan(4);
    expect(info.Title).toMatch(/^Microsoft cuts .* — dossier$/);
    expect(info.Author).toBe(users.sam!.name);
    expect(String(info.CreationDate)).toMatch(/^D:20261130/);

    for (const secret of [CANARY_NAME, CANARY_AFFILIATION, CANARY_CONTACT, "CANARY"]) expect(text).not.toContain(secret);
    expect(text).toContain("Confidential source B");
  });

  it("embeds only the dossier's own fonts, the evidence documents' hashes (<code>) included", async () => {
    const file = await exportDossier(users.sam!, storyId, { format: "pdf" }, TZ);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dossier-fonts-"));
    try {
      const at = path.join(dir, "dossier.pdf");
      fs.writeFileSync(at, asBytes(file.body));
      expect(execFileSync("pdftotext", [at, "-"], { encoding: "utf8" })).toMatch(/SHA-256 of the file: [0-9a-f]{64}/);
      // pdffonts: two header lines, then one font a line, its name first (a subset tag, "+", the font's name).
      const fonts = execFileSync("pdffonts", [at], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ""));
      // The browser's monospace for <code> was DejaVu Sans Mono (a system font) until html.ts set it.
      expect(fonts.filter((name) => !/^(NotoSans(Hebrew\w*|Math|Mono)?|Vazirmatn)-\w+$/.test(name))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("JSON and Markdown", () => {
  it("redact by default, for everyone, a lead included", async () => {
    for (const user of [users.sam!, users.maya!, users.lina!]) {
      for (const format of ["json", "md", "html"] as const) {
        const file = await exportDossier(user, storyId, { format }, TZ);
        const body = noBackslashes(String(file.body));
        for (const secret of [CANARY_NAME, CANARY_AFFILIATION, CANARY_CONTACT, "CANARY"]) expect(body, `${user.name} ${format}`).not.toContain(secret);
        expect(body).toContain(HEBREW);
      }
    }
    const json = JSON.parse(String((await exportDossier(users.maya!, storyId, { format: "json" }, TZ)).body));
    expect(json).toMatchObject({ format: "storydesk-dossier", version: 1, redaction: { redacted: true }, story: { id: storyId } });
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["summary", "facts", "timeline", "sources", "quotes", "questions", "followUps", "comments", "changes", "verification"]));
  });

  it("lets a lead export unredacted, and records who and what (no content)", async () => {
    const before = await db().sensitiveRead.count({ where: { storyId, kind: "export" } });
    const file = await exportDossier(users.maya!, storyId, { format: "json", unredacted: "1" }, TZ);
    const json = JSON.parse(String(file.body));
    const canary = json.sources.find((source: { id: string }) => source.id === canaryId);
    expect(canary).toMatchObject({ name: CANARY_NAME, affiliation: CANARY_AFFILIATION, contact: CANARY_CONTACT, identityRedacted: false });
    const records = await db().sensitiveRead.findMany({ where: { storyId, kind: "export" }, orderBy: { createdAt: "desc" } });
    expect(records).toHaveLength(before + 1);
    expect(records[0]).toMatchObject({ actorId: users.maya!.id, details: { format: "json", profile: "internal", unredacted: true } });
    // Stored with the copy's signed checkpoint (one statement): the record names the file, the checkpoint is the one it carries.
    expect((records[0]!.details as { sha256: string }).sha256).toBe(createHash("sha256").update(file.body).digest("hex"));
    const kept = await db().ledgerCheckpoint.findFirstOrThrow({ where: { chain: storyId, occasion: "export" }, orderBy: { id: "desc" } });
    expect(kept).toMatchObject({ note: json.checkpoint.note, seq: BigInt(json.checkpoint.revision), createdById: users.maya!.id });
    expect(JSON.stringify(records[0]!.details)).not.toContain("CANARY");
    // The story's leads see it in Sensitive reads, in words.
    const listed = await listSensitiveReads(users.maya!, { storyId });
    expect(listed.items[0]).toMatchObject({ kind: "export", actorName: users.maya!.name, exportSummary: expect.stringMatching(/^JSON · internal · as of revision #\d+ · UNREDACTED$/) });
  });

  it("refuses what a user may not have, changing nothing", async () => {
    const before = await db().sensitiveRead.count({ where: { storyId } });
    expect(await codeOf(exportDossier(users.tom!, storyId, { format: "json", unredacted: "1" }, TZ))).toBe("FORBIDDEN"); // a reader
    expect(await codeOf(exportDossier(users.lina!, storyId, { format: "json", unredacted: "1" }, TZ))).toBe("FORBIDDEN"); // a contributor
    expect(await codeOf(exportDossier(users.maya!, storyId, { format: "json", profile: "partner", unredacted: "1" }, TZ))).toBe("VALIDATION");
    expect(await codeOf(exportDossier(users.maya!, storyId, { format: "docx" as "pdf" }, TZ))).toBe("VALIDATION");
    expect(await codeOf(exportDossier(users.maya!, storyId, { format: "json", sections: "summary,secrets" }, TZ))).toBe("VALIDATION");
    expect(await codeOf(exportDossier(users.maya!, storyId, { format: "json", rev: "999999" }, TZ))).toBe("NOT_FOUND");
    const outsider = await makeUser({ role: "editor" });
    expect(await codeOf(exportDossier(outsider, storyId, { format: "json" }, TZ))).toBe("NOT_FOUND");
    expect(await db().sensitiveRead.count({ where: { storyId } })).toBe(before);
    // A reader exports the redacted dossier.
    expect((await exportDossier(users.tom!, storyId, { format: "md" }, TZ)).body).toContain("Redacted");
  });

  it("keeps the partner profile to verified quotes, without comments, follow-ups or contact details", async () => {
    const { dossier } = await buildDossier(users.maya!, storyId, { format: "json", profile: "partner", sections: "summary,quotes,comments,followUps" }, TZ);
    expect(dossier.sections).toEqual(["summary", "quotes"]);
    const quotes = dossier.quotes!.flatMap((group) => group.quotes);
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes.every((quote) => quote.verification === "verified")).toBe(true);
    expect(quotes.map((quote) => quote.text)).toContain(HEBREW);
    expect(quotes.map((quote) => quote.text)).not.toContain(ARABIC); // unverified
  });
});

describe("as of a past moment", () => {
  it("excludes later entries and includes entries deleted since", async () => {
    const extra = await createSource(users.maya!, { storyId, name: "Logged before the moment", kind: "organization" });
    const head = await db().revisionChain.findUniqueOrThrow({ where: { chain: storyId } });
    await deleteEntry(users.maya!, { storyId, kind: "source", entryId: extra.id, version: extra.version });
    await createSource(users.maya!, { storyId, name: "Logged after the moment", kind: "organization" });

    const then = JSON.parse(String((await exportDossier(users.maya!, storyId, { format: "json", rev: String(head.seq) }, TZ)).body));
    const names = then.sources.map((source: { name: string }) => source.name);
    expect(names).toContain("Logged before the moment");
    expect(names).not.toContain("Logged after the moment");
    expect(then.asOf).toMatchObject({ revision: Number(head.seq), now: false });
    expect(then.verification.chainHeadHash).toBe(head.headHash);

    const now = JSON.parse(String((await exportDossier(users.maya!, storyId, { format: "json" }, TZ)).body));
    const current = now.sources.map((source: { name: string }) => source.name);
    expect(current).toContain("Logged after the moment");
    expect(current).not.toContain("Logged before the moment");
    // The change log since the moment lists exactly what happened after it.
    expect(now.changes.entries.map((entry: { seq: number }) => entry.seq).filter((seq: number) => seq > Number(head.seq))).toHaveLength(2);
  });
});

describe("when Chromium cannot be had", () => {
  it("answers a PDF export with a clear 503 that offers JSON and Markdown, records nothing, and works again after", async () => {
    await closePdfBrowser();
    const before = await db().sensitiveRead.count({ where: { storyId } });
    const previous = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    try {
      const failure = await exportDossier(users.maya!, storyId, { format: "pdf" }, TZ).then(() => null, (error: unknown) => error);
      expect(failure).toMatchObject({ code: "UNAVAILABLE", status: 503, userMessage: expect.stringMatching(/JSON and Markdown exports still work/) });
    } finally {
      if (previous === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = previous;
    }
    expect(await db().sensitiveRead.count({ where: { storyId } })).toBe(before);
    expect(asBytes((await exportDossier(users.maya!, storyId, { format: "pdf" }, TZ)).body).subarray(0, 5)).toEqual(new TextEncoder().encode("%PDF-"));
  }, 60_000);
});
