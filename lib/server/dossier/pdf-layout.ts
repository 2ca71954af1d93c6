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

/**
 * A document in the three pieces a primed page takes it in (pdf-browser.ts): its frame — all
 * before the body's content, less its <title> and <meta name content> tags — which a page is
 * primed with while idle; those tags (its `extras`, put back in the head); and the body's content.
 * Two documents whose frames are the same string differ only in what the primed page is given, so
 * a page primed with one document's frame holds nothing the next one does not. Null when the
 * document is not in that shape (no <head>…</head><body>, or more than </html> after </body>), or
 * when its body holds an element that loads something of its own (an image, a frame, an object, a
 * link, a script…): setContent waits for those (its load event), a primed page would not. A
 * dossier has none (sanitized rich text: html.ts); such a document is loaded as it is.
 */
export type DocumentParts = { frame: string; extras: string; body: string };

const LOADS_SOMETHING = /<(img|image|iframe|frame|object|embed|video|audio|source|track|picture|input|link|script|svg|meta|base)\b/i;
const HEAD_EXTRA = /<title>[^<]*<\/title>\s*|<meta name="[^"]*" content="[^"]*">\s*/g;

/**
 * Where a document's head ends (`</head>`), its body's content starts (after `<body…>`, right
 * after the head) and ends (`</body>`, with at most `</html>` after it); null if it is not in
 * that shape.
 */
export function bodyBounds(html: string): { headEnd: number; start: number; end: number } | null {
  const headEnd = html.indexOf("</head>");
  const bodyTag = headEnd < 0 ? null : /^<\/head>\s*<body[^>]*>/.exec(html.slice(headEnd));
  const end = html.lastIndexOf("</body>");
  if (!bodyTag || end < headEnd + bodyTag[0].length || !/^<\/body>\s*(<\/html>\s*)?$/.test(html.slice(end))) return null;
  return { headEnd, start: headEnd + bodyTag[0].length, end };
}

export function documentParts(html: string): DocumentParts | null {
  const bounds = bodyBounds(html);
  if (!bounds) return null;
  const body = html.slice(bounds.start, bounds.end);
  if (LOADS_SOMETHING.test(body)) return null;
  const head = html.slice(0, bounds.headEnd);
  const extras = head.match(HEAD_EXTRA)?.join("") ?? "";
  return { frame: head.replace(HEAD_EXTRA, "") + html.slice(bounds.headEnd, bounds.start), extras, body };
}

/** A primed page's document: the frame with an empty body. */
export const primedDocument = (frame: string) => `${frame}</body></html>`;

/** Elements whose text is not HTML (character references are not decoded in them), and a comment. */
const RAW_TEXT = /<(style|xmp|noembed|noframes|noscript|plaintext|math)\b|<!--/i;

/**
 * HTML with every character outside ASCII written as a character reference (the same text once
 * parsed), unless it holds an element whose text is not parsed as HTML. One such character makes
 * the whole string two bytes a character on its way into the page: the 1,000-entry dossier's body
 * (510 KB, 6,605 of them — Hebrew, Arabic, dashes) reached the page and was parsed in 76 → 45 ms
 * p50 as references (16 paired rounds, 2026-12-01).
 */
export function asciiHtml(html: string): string {
  return RAW_TEXT.test(html) ? html : html.replace(/[^\x00-\x7f]/gu, (char) => `&#${char.codePointAt(0)};`);
}

/** Puts a document's title, metadata and body into a page primed with its frame (one call into the page). */
export async function fillPrimedPage(page: Page, parts: DocumentParts): Promise<void> {
  const sent = { extras: asciiHtml(parts.extras), body: asciiHtml(parts.body) };
  await page.evaluate(({ extras, body }) => {
    // Where they stood: before the head's styles (the fragment parser reads them as in the head).
    const style = document.head.querySelector("style");
    if (style) style.insertAdjacentHTML("beforebegin", extras);
    else document.head.insertAdjacentHTML("beforeend", extras);
    document.body.innerHTML = body;
  }, sent);
}

/** Loads every web font face of the page (a primed page, before it is given a document's text). */
export async function loadAllFonts(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const loads: Promise<unknown>[] = [];
    // Iterated, not forEach(): a callback from Blink into a page without JavaScript does not run.
    for (const face of document.fonts) loads.push(face.load().catch(() => undefined));
    await Promise.all(loads);
  });
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
