import { describe, expect, it } from "vitest";
import { EMPTY_DOC } from "@/lib/rich-text";
import { renderDossierHtml } from "./html";
import type { QuestionView } from "@/lib/entry-kinds/question";
import { renderDossierMarkdown } from "./markdown";
import { toQuestion } from "./sections";
import { quotesDossier } from "@/tests/support/dossier-quotes";

// A quote in the dossier wears its own language's marks, as in the quotes panel (lib/bidi.ts,
// quoteMarks); a quote inside an English sentence keeps the sentence's marks, its words isolated.

const HEBREW = "אנחנו בודקים את הדיווח, 2024";
const ARABIC = "قال المتحدث باسم NATO إن الميناء مغلق";
const ENGLISH = "We do not comment on operational matters.";
const FSI = "\u2068";
const PDI = "\u2069";

const dossier = quotesDossier([[HEBREW, "he"], [ARABIC, "ar"], [ENGLISH, "en"]], {
  sections: ["quotes", "questions", "disagreements"],
  questions: [
    {
      id: "k",
      text: "Is the harbour closed?",
      whyItMatters: "",
      priority: "normal",
      status: "answered",
      answer: { doc: EMPTY_DOC, text: "" },
      answeredBy: [`${FSI}דובר${PDI}: “${FSI}${HEBREW}${PDI}”`],
      assignments: [],
    },
  ],
  disagreements: [
    {
      id: "c",
      detail: "Who closed it",
      kind: "Attribution",
      status: "Open",
      reason: "",
      versions: [
        { document: "Report A", text: ARABIC, at: null, annotation: null as never },
        { document: "Report B", text: ENGLISH, at: null, annotation: null as never },
      ],
    },
  ],
});

describe("the dossier's quotes", () => {
  it("HTML: each quote in its language's marks, on a line of its words' direction", () => {
    const html = renderDossierHtml(dossier);
    expect(html).toContain(`<blockquote dir="rtl" lang="he" data-script="he">”${HEBREW}”</blockquote>`);
    expect(html).toContain(`<blockquote dir="rtl" lang="ar" data-script="ar">”${ARABIC}“</blockquote>`);
    expect(html).toContain(`<blockquote dir="ltr" lang="en">“${ENGLISH}”</blockquote>`);
    // A question answered by a quote: an English sentence around the isolated name and words, left to right.
    expect(html).toContain(`<p class="meta">Answered by: <span dir="ltr" data-script="he">${FSI}דובר${PDI}: “${FSI}${HEBREW}${PDI}”</span></p>`);
    // A document's words quoted in an English list item: English marks outside the isolated words.
    expect(html).toContain(`<li>“<span dir="auto" data-script="ar">${ARABIC}</span>” <span class="meta">— Report A</span></li>`);
    // Words without a right-to-left letter need no wrapper: left to right either way, and one piece fewer in the PDF's structure.
    expect(html).toContain(`<li>“${ENGLISH}” <span class="meta">— Report B</span></li>`);
  });

  it("Markdown: a quote is a block quote of its words (no marks: the copy Verify a copy compares), the English sentences isolate theirs", () => {
    const markdown = renderDossierMarkdown(dossier).split("\n");
    expect(markdown).toContain(`> ${HEBREW}`);
    expect(markdown).toContain(`> ${ARABIC}`);
    expect(markdown).toContain(`> ${ENGLISH}`);
    expect(markdown).toContain(`1. “${FSI}${ARABIC}${PDI}” — Report A`);
    expect(markdown).toContain(`Answered by: ${FSI}דובר${PDI}: “${FSI}${HEBREW}${PDI}”`);
  });

  it("a question's answering quotes: an English sentence, its marks English, the speaker and the words isolated", () => {
    const question = { id: "k", text: "Closed?", whyItMatters: "", priority: "normal", status: "answered", answer: EMPTY_DOC, answerSources: [], answerQuotes: [{ speaker: { label: "דובר" }, text: HEBREW }, { speaker: { label: "Brad Smith" }, text: ENGLISH }] };
    expect(toQuestion(question as unknown as QuestionView, [], "UTC").answeredBy).toEqual([`${FSI}דובר${PDI}: “${FSI}${HEBREW}${PDI}”`, `Brad Smith: “${ENGLISH}”`]);
  });
});
