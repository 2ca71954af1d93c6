import { describe, expect, it } from "vitest";
import { quotesDossier } from "@/tests/support/dossier-quotes";
import { renderDossierHtml } from "./html";
import { renderDossierMarkdown } from "./markdown";
import type { DossierChange } from "./types";

// The change log is a list of lines (one item a revision), not a table: every piece of a
// revision is still there, in reading order, and the Markdown and JSON keep their shape.

const HEBREW = "הדובר תיקן את הציטוט";
const change = (seq: number, extra: Partial<DossierChange> = {}): DossierChange => ({
  seq,
  at: "2026-12-01T09:00:00Z",
  atLabel: "Tue, 1 Dec 2026, 09:00 GMT",
  actor: "Ana Editor",
  action: "update",
  entityType: "quote",
  label: "Quote 1",
  fields: ["Text"],
  reason: null,
  ...extra,
});
const log = (entries: DossierChange[]) =>
  quotesDossier([], { sections: ["changes"], changes: { since: "2026-11-30T09:00:00Z", sinceLabel: "Mon, 30 Nov 2026, 09:00 GMT", total: entries.length, truncated: false, entries } });
const section = (html: string) => html.slice(html.indexOf('<section id="changes"'), html.indexOf("</section>", html.indexOf('<section id="changes"')));

describe("the dossier's change log", () => {
  it("HTML: an ordered list, one line a revision — number, moment, who, what and reason", () => {
    const html = section(renderDossierHtml(log([change(7), change(8, { reason: HEBREW, label: "Quote 2" })])));
    expect(html).not.toContain("<table");
    expect(html).toContain(`<p class="log-head log"><span class="seq">#</span><span class="when-who">When \tWho</span><span class="what">What</span></p>`);
    // The number, moment and author are one text (one piece of the PDF's tagged structure); its
    // class names the number's digits, which set where it starts so that it ends at its column's edge.
    expect(html).toContain(`<li><span class="seq-when-who n1">7 \tTue, 1 Dec 2026, 09:00 GMT \tAna Editor</span><span class="what">Changed quote Quote 1 — text</span></li>`);
    expect(html).toContain(`<span class="what">Changed quote Quote 2 — text<br><span class="meta">Reason: <span dir="auto" data-script="he">${HEBREW}</span></span></span></li>`);
    expect(html.match(/<li>/g)).toHaveLength(2);
  });

  it("HTML: a number of any width ends at its column's edge (one rule per digit count)", () => {
    const html = renderDossierHtml(log([change(12345)]));
    expect(section(html)).toContain(`<li><span class="seq-when-who n5">12345 \tTue, 1 Dec 2026, 09:00 GMT \tAna Editor</span>`);
    expect(html).toContain(".log .n5 { text-indent: calc(-45mm - 5ch); }");
  });

  it("HTML: a revision's hash on a line of its own in the item, when the profile asks for hashes", () => {
    const hash = "ab".repeat(32);
    const html = section(renderDossierHtml(log([change(7, { hash })])));
    expect(html).toContain(`<span class="hash">Hash</span></p>`);
    expect(html).toContain(`<span class="what">Changed quote Quote 1 — text</span><span class="hash">${hash}</span></li>`);
  });

  it("Markdown: as before, a list item a revision", () => {
    const markdown = renderDossierMarkdown(log([change(7)])).split("\n");
    expect(markdown).toContain("- #7 Tue, 1 Dec 2026, 09:00 GMT — Ana Editor: changed quote Quote 1 (text)");
  });
});
