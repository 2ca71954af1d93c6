// mergePrinted (lib/server/dossier/pdf-merge.ts) with a real Chromium: a document printed whole,
// and the same document printed as two parts cut before a section that starts a page, merged.
// The merged file must read like the whole print: text, pages, outline, links, structure tree.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePdfBrowser, PAGE_MARGIN } from "@/lib/server/dossier/pdf";
import { engine, warmBrowser } from "@/lib/server/dossier/pdf-browser";
import { loadDocumentFonts, printOnly } from "@/lib/server/dossier/pdf-layout";
import { DOSSIER_FONT_FAMILY, fontFaceCss, SCRIPT_FONT_CSS } from "@/lib/server/dossier/fonts";
import { scriptAttr } from "@/lib/server/dossier/html";
import { mergePrinted } from "@/lib/server/dossier/pdf-merge";
import { openPrintedPdf } from "@/lib/server/dossier/pdf-printed";
import { readNavigation } from "@/tests/support/pdf-structure";

const HEBREW = "שלום עולם, זהו מבחן";
const ARABIC = "مرحبا بالعالم، هذا اختبار";

const paragraphs = (label: string, count: number) =>
  Array.from({ length: count }, (_, i) => `<p>${label} paragraph ${i + 1}. The harbour authority confirmed that the tender was reopened after the audit (see 12 0 R).</p>`).join("\n");
const table = (label: string) =>
  `<table><thead><tr><th scope="col">${label} name</th><th scope="col">${label} role</th></tr></thead><tbody>` +
  Array.from({ length: 4 }, (_, i) => `<tr><td>${label} person ${i + 1}</td><td>Role ${i + 1}</td></tr>`).join("") +
  "</tbody></table>";

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merged dossier</title><style>
${fontFaceCss()}
html { font-family: ${DOSSIER_FONT_FAMILY}; font-size: 11pt; line-height: 1.5; }
${SCRIPT_FONT_CSS}
#later { break-before: page; }
</style></head>`;
const TITLE = `<h1>Harbour tender</h1><nav><ul><li><a href="#early">Early findings</a></li><li><a href="#later">Later findings</a></li></ul></nav>`;
const EARLY = `<section id="early"><h2>Early findings</h2>${paragraphs("Early", 30)}${table("Early")}<h3>Early detail</h3>${paragraphs("Detail", 12)}</section>`;
const LATER =
  `<section id="later"><h2>Later findings</h2><p dir="rtl" lang="he"${scriptAttr(HEBREW)}>${HEBREW}</p><p dir="rtl" lang="ar"${scriptAttr(ARABIC)}>${ARABIC}</p>` +
  `${table("Later")}${paragraphs("Later", 40)}<p>Back to <a href="#early">the early findings</a>, or <a href="https://example.org/harbour">the source</a>.</p></section>`;

// The whole document, and its two parts: part 1 holds a zero-size placeholder for the anchor in
// part 2 its contents link to; part 2 a display:none link to that anchor (so Chromium writes its
// destination) and a placeholder for the anchor in part 1 it links back to, both after its
// content (before it, they would make a page of their own ahead of the section's page break).
const WHOLE = `${HEAD}<body>${TITLE}${EARLY}${LATER}</body></html>`;
const PART_1 = `${HEAD}<body>${TITLE}${EARLY}<span id="later"></span></body></html>`;
const PART_2 = `${HEAD}<body>${LATER}<a href="#later" style="display:none"></a><span id="early"></span></body></html>`;

let dir: string;
const printed: Record<"whole" | "first" | "second", Uint8Array> = {} as never;

async function print(html: string): Promise<Uint8Array> {
  const browser = await warmBrowser(engine());
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(printOnly(html), { waitUntil: "load" });
    await loadDocumentFonts(page);
    return new Uint8Array(await page.pdf({ format: "A4", printBackground: true, margin: PAGE_MARGIN, tagged: true, outline: true }));
  } finally {
    await context.close();
  }
}

const file = (name: string, bytes: Uint8Array) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, bytes);
  return at;
};
const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
/** The structure tree's text, without what numbers differ by construction: element IDs and annotations' object numbers. */
const structure = (at: string) =>
  run("pdfinfo", ["-struct-text", at])
    .replace(/\(?(p\d+-)?node\d+\)?/g, "ID")
    .replace(/Object \d+ \d+/g, "Object");

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdf-merge-"));
  [printed.whole, printed.first, printed.second] = await Promise.all([print(WHOLE), print(PART_1), print(PART_2)]);
}, 60_000);

afterAll(async () => {
  await closePdfBrowser();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("mergePrinted with Chromium's parts", () => {
  it("gives the whole print's pages, text, outline, links and structure tree", async () => {
    const merged = mergePrinted([
      { pdf: printed.first, anchors: new Set(["early"]) },
      { pdf: printed.second, anchors: new Set(["later"]) },
    ]);
    const [wholeAt, mergedAt] = [file("whole.pdf", printed.whole), file("merged.pdf", merged)];

    const check = spawnSync("qpdf", ["--check", mergedAt], { encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain("No syntax or stream encoding errors found");

    const [whole, joined] = await Promise.all([readNavigation(printed.whole), readNavigation(merged)]);
    expect(joined.pages).toBe(whole.pages);
    expect(whole.pages).toBeGreaterThan(2);
    // The same text in the same order (reading order, and as drawn).
    for (const mode of [[], ["-raw"]]) expect(run("pdftotext", [...mode, mergedAt, "-"])).toBe(run("pdftotext", [...mode, wholeAt, "-"]));
    // Laid out, the merged file reads as its parts do, exactly; against the whole print, the same
    // lines but one blank line more on part 2's first page: Chromium draws a page in the
    // document's coordinates (a part's page 1 at y 43 where the whole print's page 4 has y 3007 and
    // a translation back), the words' boxes are identical, and poppler's line grouping differs.
    // pdf.js (unpdf) reads the same text, page by page.
    const pdfjs = async (bytes: Uint8Array) => (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: false })).text;
    expect(await pdfjs(merged)).toEqual(await pdfjs(printed.whole));
    const layout = (at: string) => run("pdftotext", ["-layout", at, "-"]);
    expect(layout(mergedAt)).toBe(layout(file("first.pdf", printed.first)) + layout(file("second.pdf", printed.second)));
    const lines = (text: string) => text.split("\n").filter((line) => line.trim());
    expect(lines(layout(mergedAt))).toEqual(lines(layout(wholeAt)));
    expect(layout(mergedAt)).toContain("Later findings");
    // The outline nests part 2's heading under part 1's title, as the whole print does.
    expect(joined.outline).toEqual(whole.outline);
    expect(joined.outline).toContain("1 Later findings → " + String(whole.outline.find((line) => line.startsWith("1 Later"))!.split("→ ")[1]));
    // Links each way across the cut land on the same pages.
    expect(joined.links).toEqual(whole.links);
    expect(joined.links.some((link) => link.startsWith("1: later →"))).toBe(true);
    expect(joined.links.some((link) => link.includes(": early →") && !link.startsWith("1:"))).toBe(true);
    // One parent tree with the whole print's keys, every page's and annotation's key in it.
    expect(joined.missingKeys).toEqual([]);
    expect(joined.treeKeys).toEqual(whole.treeKeys);
    expect(joined.parentTreeNextKey).toBe(whole.parentTreeNextKey);
    expect(structure(mergedAt)).toBe(structure(wholeAt));
    // As many element IDs as the whole print's, none twice, part 2's renamed; the ID tree holds
    // them all, sorted; every table cell's /Headers names one of them.
    expect(joined.ids).toHaveLength(whole.ids.length);
    expect(new Set(joined.ids).size).toBe(joined.ids.length);
    expect(joined.ids.some((id) => id.startsWith("p2-"))).toBe(true);
    expect(joined.idTreeKeys).toEqual([...joined.ids].sort());
    expect(joined.headers.length).toBe(whole.headers.length);
    expect(joined.headers.filter((id) => !joined.ids.includes(id))).toEqual([]);
    expect(joined.headers.some((id) => id.startsWith("p2-"))).toBe(true);
    // finishPdf reads it as it reads Chromium's own file (its fast path).
    expect(openPrintedPdf(merged)).not.toBeNull();
  });
});
