import "server-only";
import type { Page } from "playwright-core";

// A printed document is laid out once, for print. Loaded in a page, it would be laid out for the
// screen too (1280 px wide, all of it) before page.pdf() lays it out again at A4 in print media:
// that screen layout was ~40 % of the browser's CPU time for a 1,000-entry dossier (1,420 vs
// 850 ms, 4 paired prints, 2026-12-01; pixels and text identical). So the print's copy of the
// document hides its body on screen, and the fonts that screen layout used to ask for are loaded
// here instead: every @font-face whose unicode-range holds a character of the document's text (a
// superset of what the print uses: each weight and style of those ranges), so nothing prints in a
// fallback font. The HTML export and preview keep the document as it is.

const SCREEN_HIDDEN = "<style>@media screen { body { display: none !important; } }</style>";

/** The document with its body hidden on screen (print media shows it), or as it is if it has no </head>. */
export function printOnly(html: string): string {
  const head = html.indexOf("</head>");
  return head < 0 ? html : `${html.slice(0, head)}${SCREEN_HIDDEN}${html.slice(head)}`;
}

/** Loads every web font face the document's text needs (see above); the running header loads its own (pdf-running.ts). */
export async function loadDocumentFonts(page: Page): Promise<void> {
  // No named function inside: the bundlers' keep-names helper (__name) does not exist in the page.
  await page.evaluate(async () => {
    // Whitespace is left out: the Hebrew and Arabic faces hold the space (fonts.ts), and a space
    // is drawn from the face of the letters around it.
    const used = new Set<number>();
    for (const char of (document.body?.textContent ?? "").replace(/\s/g, "")) used.add(char.codePointAt(0)!);
    const codes = [...used];
    const loads: Promise<unknown>[] = [];
    // Iterated, not forEach(): a callback from Blink into a page without JavaScript does not run.
    for (const face of document.fonts) {
      const ranges = face.unicodeRange.split(",").map((range) => {
        const [start, end] = range.trim().replace(/^U\+/i, "").split("-");
        if (start!.includes("?")) return [parseInt(start!.replace(/\?/g, "0"), 16), parseInt(start!.replace(/\?/g, "F"), 16)] as const;
        return [parseInt(start!, 16), parseInt(end ?? start!, 16)] as const;
      });
      if (codes.some((code) => ranges.some(([low, high]) => code >= low && code <= high))) loads.push(face.load().catch(() => undefined));
    }
    await Promise.all(loads);
  });
}
