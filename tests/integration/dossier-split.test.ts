// A real dossier big enough to be printed as two parts at once (pdf-split.ts), exported end to
// end below the route: the engine splits it, and the merged PDF holds every entry as Verify a
// copy reads it, stamps every page's footer, names no confidential source to a reader, is a
// sound file, and embeds no font but the dossier's own. (tests/integration/pdf-split.test.ts compares a split print with a whole one page
// for page, on a synthetic document.)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { buildDossier } from "@/lib/server/dossier/build";
import { exportDossier } from "@/lib/server/dossier/export";
import { closePdfBrowser, pdfEngineStats } from "@/lib/server/dossier/pdf";
import { missingFromPdf } from "@/lib/server/dossier/pdf-check";
import { createQuote } from "@/lib/server/quotes";
import { createSource } from "@/lib/server/sources/write";
import { makeDesk } from "@/prisma/factories";

const CANARY = "Canary Split Insider 7c2e";
const HEBREW = "הנמל אישר את המכרז מחדש";
const ARABIC = "الميناء أعاد فتح المناقصة";
const QUOTES = 360;
const TZ = "Europe/Berlin";

let desk: Awaited<ReturnType<typeof makeDesk<{ lead: { role: "editor"; on: "lead" }; reader: { on: "reader" } }>>>;
let pdf: Uint8Array;
let splits: number;
let dir: string;

beforeAll(async () => {
  await db().$queryRaw`SELECT 1`;
  desk = await makeDesk({ lead: { role: "editor", on: "lead" }, reader: { on: "reader" } }, { title: "Harbour tender, split" });
  const speakers = [
    (await createSource(desk.lead, { storyId: desk.storyId, name: CANARY, kind: "person", protection: "confidential" })).id,
    ...(await Promise.all(Array.from({ length: 9 }, (_, k) => createSource(desk.lead, { storyId: desk.storyId, name: `Harbour official ${k + 1}`, kind: "person" })))).map((source) => source.id),
  ];
  for (let k = 0; k < QUOTES; k++) {
    const text =
      k === 7 ? HEBREW : k === 300 ? ARABIC : `Quote ${k + 1}: "We followed every rule on contract ${k + 1}, and the minutes of the board's meeting will show it."`;
    await createQuote(desk.lead, { storyId: desk.storyId, speakerId: speakers[k % speakers.length]!, text, language: k === 7 ? "he" : k === 300 ? "ar" : "en", verification: "verified" });
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dossier-split-"));
  const before = pdfEngineStats().split;
  const file = await exportDossier(desk.reader, desk.storyId, { format: "pdf" }, TZ);
  splits = pdfEngineStats().split - before;
  pdf = file.body as Uint8Array;
}, 180_000);

afterAll(async () => {
  await closePdfBrowser();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const run = (command: string, ...args: string[]) => execFileSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

describe("a big dossier, printed as two parts at once", () => {
  it("was split, and holds every entry of its dossier as Verify a copy reads it", async () => {
    expect(splits).toBe(1);
    const { dossier } = await buildDossier(desk.reader, desk.storyId, { format: "pdf" }, TZ);
    expect(await missingFromPdf(pdf, dossier)).toEqual([]);
  });

  it("is a sound tagged file with every page's footer, and names no confidential source to a reader", () => {
    const at = path.join(dir, "dossier.pdf");
    fs.writeFileSync(at, pdf);
    expect(run("qpdf", "--check", at)).toContain("No syntax or stream encoding errors found");
    const info = run("pdfinfo", at);
    expect(info).toMatch(/Tagged:\s+yes/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const text = run("pdftotext", at, "-");
    const footers = text.match(/Page \d+ of \d+/g) ?? [];
    expect(footers).toEqual(Array.from({ length: pages }, (_, k) => `Page ${k + 1} of ${pages}`));
    expect(text).toContain(HEBREW);
    expect(text).toContain("Quote 360:");
    expect(text).not.toContain(CANARY);
    expect(run("pdfinfo", "-struct-text", at)).not.toContain(CANARY);
  });

  it("embeds only the dossier's own fonts: no character of its text falls back to a system font", () => {
    const at = path.join(dir, "fonts.pdf");
    fs.writeFileSync(at, pdf);
    // What used to fall back: the verification text's "→" (Liberation Sans here) and the hashes (DejaVu Sans Mono).
    const text = run("pdftotext", at, "-");
    expect(text).toContain("History → chain head");
    expect(text).toMatch(/Revision #\d+: [0-9a-f]{64}/);
    // pdffonts: two header lines, then one font a line, its name first (a subset tag, "+", the font's name).
    const fonts = run("pdffonts", at).split("\n").slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ""));
    expect(fonts.length).toBeGreaterThan(0);
    // Noto Sans (its Latin, Hebrew, Math's arrows and Mono) and Vazirmatn: fonts.ts's faces and the footer's (pdf-stamp-font.ts).
    expect(fonts.filter((name) => !/^(NotoSans(Hebrew\w*|Math|Mono)?|Vazirmatn)-\w+$/.test(name))).toEqual([]);
    expect(new Set(fonts)).toContain("NotoSansMono-Regular");
    expect(new Set(fonts)).toContain("NotoSansMath-Regular");
  });
});
