import "server-only";
import type { Page } from "playwright-core";
import { directionOf } from "@/lib/bidi";
import { DOSSIER_FONT_FAMILY, DOSSIER_SCRIPT_FONT_FAMILY } from "./fonts";
import { scriptOf } from "./html";

// The running header (the story's title left, the marking right) of every printed page, as CSS
// @page margin boxes of the printed document itself (Chromium ≥ 131 draws them). The "Page X of
// Y" footer is stamped after printing (pdf-stamp.ts): a dossier printed in parts cannot count its
// pages in CSS. They replace page.pdf()'s header and footer templates, each of which is a separate
// little document laid out and drawn once per page (measured 2026-12-01: ~0.2–0.3 s of a
// 135-page print). Being the page's own boxes, they are set in its web fonts: a Hebrew or Arabic
// title is drawn right to left in its script's font (the template, with no web fonts, drew it
// only when the system had a font for it). Like the templates' text, they are drawn outside the
// tagged structure (no MCID: not read as content by a screen reader).
//
// A margin box does not clip its content (overflow and text-overflow are ignored by Chromium 140
// and 150), so a title too long for its line is cut here to what fits, with an ellipsis, as the
// template's text-overflow did: measured in the page with the fonts it prints with.

const FONT_SIZE = "8px";
const BOX = `font-size: ${FONT_SIZE}; line-height: 1.2; color: #666; white-space: nowrap;`;
/** Where the templates put the text (measured with pdftotext -bbox: the same place within 1 pt). */
const HEADER_BOX = `vertical-align: top; padding-top: 5.4mm;`;
/** What the title may take: A4's width less the 15 mm side margins, less a 6 mm gap before the marking (CSS px). */
const TITLE_ROOM_PX = ((210 - 2 * 15 - 6) / 25.4) * 96;

/** A CSS string literal: anything but letters, digits and spaces as a hex escape, so nothing in it can end the string or the style. */
export function cssString(text: string): string {
  const escaped = [...text].map((c) => (/^[\p{L}\p{M}\p{N} ]$/u.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `)).join("");
  return `"${escaped}"`;
}

/** The title's font stack: a Hebrew or Arabic title in its script's font first (one text run, read back in order: fonts.ts). */
const titleFamily = (title: string) => {
  const script = scriptOf(title);
  return script ? DOSSIER_SCRIPT_FONT_FAMILY[script] : DOSSIER_FONT_FAMILY;
};

/** The @page rules of the running header, the title as given (already cut to fit). */
export function runningCss(title: string, marking: string): string {
  const direction = directionOf(title) ?? "ltr";
  return `@page {
  @top-left { content: ${cssString(title)}; font-family: ${titleFamily(title)}; direction: ${direction}; text-align: left; ${BOX} ${HEADER_BOX} }
  @top-right { content: ${cssString(marking)}; font-family: ${DOSSIER_FONT_FAMILY}; text-align: right; ${BOX} ${HEADER_BOX} }
}`;
}

/**
 * Adds the running header to the loaded page, once the fonts it and the page use are loaded
 * (this is the wait on document.fonts.ready): the margin boxes are laid out only when the page
 * prints, too late to fetch a face no other text asked for. One call into the page when the
 * title fits (the style added there), two when it has to be cut. (The name still says "footer":
 * pdf.ts calls it; the footer is pdf-stamp.ts's now.)
 */
export async function addRunningHeaderFooter(page: Page, title: string, marking: string): Promise<void> {
  // No named function inside: the bundlers' keep-names helper (__name) does not exist in the page.
  const cut = await page.evaluate(
    async ({ title, marking, titleFont, font, room, css }) => {
      // Without spaces: FontFaceSet.load fetches every face of the stack whose unicode-range
      // holds a character, and the Hebrew and Arabic faces hold the space (fonts.ts).
      await Promise.all([document.fonts.load(titleFont, title.replace(/\s/g, "")), document.fonts.load(font, marking.replace(/\s/g, ""))]);
      await document.fonts.ready;
      const context = document.createElement("canvas").getContext("2d");
      if (context) {
        context.font = font;
        const width = room - context.measureText(marking).width;
        context.font = titleFont;
        if (context.measureText(title).width > width) {
          // The longest start of the title that fits with an ellipsis after it.
          const chars = [...title];
          let low = 0;
          let high = chars.length - 1;
          while (low < high) {
            const middle = Math.ceil((low + high) / 2);
            if (context.measureText(`${chars.slice(0, middle).join("").trimEnd()}…`).width <= width) low = middle;
            else high = middle - 1;
          }
          return `${chars.slice(0, low).join("").trimEnd()}…`;
        }
      }
      // Not page.addStyleTag: it waits for the style's load event, which a page without JavaScript never fires.
      const style = document.createElement("style");
      style.textContent = css;
      document.head.append(style);
      return null;
    },
    { title, marking, titleFont: `${FONT_SIZE} ${titleFamily(title)}`, font: `${FONT_SIZE} ${DOSSIER_FONT_FAMILY}`, room: TITLE_ROOM_PX, css: runningCss(title, marking) },
  );
  if (cut === null) return;
  await page.evaluate((css) => {
    const style = document.createElement("style");
    style.textContent = css;
    document.head.append(style);
  }, runningCss(cut, marking));
}
