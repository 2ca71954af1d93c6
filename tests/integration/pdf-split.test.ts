// The engine's split print (lib/server/dossier/pdf-split.ts, pdf.ts): a big document is printed
// as two parts at once and merged; the same document printed whole must read the same. Its
// top-level sections each start a page here, so the cut changes no page and the two files can
// be compared page for page (a dossier's sections do not: its second part starts a new page).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePdfBrowser, pdfEngineStats, renderPdf, type PdfMeta } from "@/lib/server/dossier/pdf";
import { DOSSIER_FONT_FAMILY, fontFaceCss, SCRIPT_FONT_CSS } from "@/lib/server/dossier/fonts";
import { scriptAttr } from "@/lib/server/dossier/html";
import { SPLIT_MIN_BODY, splitForPrint } from "@/lib/server/dossier/pdf-split";
import { readNavigation } from "@/tests/support/pdf-structure";

const HEBREW = "הנמל אישר את המכרז מחדש";
const META: PdfMeta = {
  title: "Split dossier",
  author: "Test Desk",
  createdAt: new Date("2026-03-01T10:15:30Z"),
  headerTitle: "Harbour tender",
  marking: "Internal — confidential",
};

const SECTIONS = ["summary", "sources", "quotes", "changes"] as const;
const section = (id: string, k: number) =>
  `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">Section ${k + 1}: ${id}</h2>` +
  `<table><thead><tr><th scope="col">${id} name</th><th scope="col">Role</th></tr></thead><tbody><tr><td>Person ${k}</td><td>Role ${k}</td></tr></tbody></table>` +
  (id === "quotes" ? `<blockquote dir="rtl" lang="he"${scriptAttr(HEBREW)}>${HEBREW}</blockquote>` : "") +
  Array.from({ length: 360 }, (_, i) => `<p>${id} paragraph ${i + 1}: the harbour authority confirmed that the tender was reopened after the audit.</p>`).join("\n") +
  (id === "changes" ? `<p>Back to <a href="#summary">the summary</a>.</p>` : "") +
  "</section>\n";
const HTML =
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Split dossier</title><style>
${fontFaceCss()}
html { font-family: ${DOSSIER_FONT_FAMILY}; font-size: 11pt; line-height: 1.5; }
${SCRIPT_FONT_CSS}
section { break-before: page; }
</style></head><body>` +
  `<h1>Harbour tender</h1><nav class="toc"><ol>${SECTIONS.map((id) => `<li><a href="#${id}">${id}</a></li>`).join("")}</ol></nav>\n` +
  SECTIONS.map(section).join("") +
  "</body></html>";

let dir: string;
let whole: Uint8Array;
let split: Uint8Array;
let splitCount: number;
const run = (command: string, ...args: string[]) => execFileSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const file = (name: string, bytes: Uint8Array) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, bytes);
  return at;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdf-split-"));
  whole = await renderPdf(HTML, META, { whole: true });
  const before = pdfEngineStats().split;
  split = await renderPdf(HTML, META);
  splitCount = pdfEngineStats().split - before;
}, 120_000);

afterAll(async () => {
  await closePdfBrowser();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a big document printed as two parts at once", () => {
  it("is big enough to be split, before a section near the middle, and the engine split it", () => {
    const parts = splitForPrint(HTML);
    expect(HTML.length - HTML.indexOf("<body>")).toBeGreaterThan(SPLIT_MIN_BODY);
    expect(parts?.[1].html).toContain('<section id="quotes"');
    expect(parts?.[0].html).not.toContain('<section id="quotes"');
    expect(splitCount).toBe(1);
  });

  it("reads as the whole print: pages, text (footers included), structure, and the file is sound", () => {
    const [w, s] = [file("whole.pdf", whole), file("split.pdf", split)];
    const pages = (at: string) => Number(/Pages:\s+(\d+)/.exec(run("pdfinfo", at))![1]);
    expect(pages(s)).toBe(pages(w));
    expect(pages(s)).toBeGreaterThan(20);
    expect(run("pdftotext", s, "-")).toBe(run("pdftotext", w, "-"));
    expect(run("pdftotext", s, "-")).toContain(HEBREW);
    const structure = (at: string) => run("pdfinfo", "-struct-text", at).replace(/\(?(p\d+-)?node\d+\)?/g, "ID").replace(/Object \d+ \d+/g, "Object");
    expect(structure(s)).toBe(structure(w));
    expect(run("qpdf", "--check", s)).toContain("No syntax or stream encoding errors found");
    // The second part's subsets have tags of their own (each part's Chromium starts at AAAAAA).
    const names = run("pdffonts", s).split("\n").slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0]!);
    expect(names.filter((name) => name.startsWith("AAAAAA+")).length).toBeGreaterThan(0);
    expect(names.filter((name) => name.startsWith("AAAAAB+")).length).toBeGreaterThan(0);
  });

  it("keeps the outline and the links across the cut, to the same pages", async () => {
    const [w, s] = await Promise.all([readNavigation(whole), readNavigation(split)]);
    expect(s.outline).toEqual(w.outline);
    expect(s.links).toEqual(w.links);
    // The contents link to every section, those in the second part included; the second part links back.
    expect(s.links).toHaveLength(SECTIONS.length + 1);
    expect(s.links.filter((link) => link.endsWith("→ none"))).toEqual([]);
    expect(s.missingKeys).toEqual([]);
  });
});
