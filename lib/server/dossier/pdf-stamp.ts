import "server-only";
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFObject, PDFRef, type PDFContext } from "@cantoo/pdf-lib";
import type { UpdatedObject } from "./pdf-metadata";
import type { PrintedPage, PrintedPdf } from "./pdf-printed";
import { stampFont, type StampFont } from "./pdf-stamp-font";

// The "Page X of Y" footer, stamped on every page of the printed PDF by finishPdf (pdf-finish.ts),
// in the incremental update it appends anyway. It was a CSS @bottom-center margin box drawn by
// Chromium with counter(pages); a dossier printed in parts cannot know its total there.
//
// It looks as the margin box did (measured on a print of 2026-12-01 with pdftotext -bbox and at
// 150 dpi): Noto Sans regular (pdf-stamp-font.ts), 8 CSS px = 6 pt, #666, centred on the page,
// its baseline 17.13 pt above the page's bottom edge, each glyph where Chromium put it — Chromium
// lays the box out with every advance rounded to a whole CSS px at that size, so the glyphs are
// placed by those advances (TJ adjustments from the font's own widths).
//
// Each page's /Contents becomes [q, its own streams…, the stamp]: Skia's streams start with a
// `cm` outside any q/Q (they leave the CTM flipped and scaled), so the page's own content is
// wrapped in q … Q and the stamp draws in default user space, itself inside q … Q. It is a
// pagination artifact (no MCID): outside the tagged structure, as the margin box was. The page
// dictionary is rewritten under its own number, its resources made direct with the stamp font
// added under a name none of its fonts has: as text, unparsed, when every page is laid out as
// Chromium writes it (chromiumPage: pdf-lib parsing 127 page dictionaries took ~2 ms of a ~4 ms
// stamp), else from the parsed pages (inherited resources and media box, /Contents an array).

const FONT_SIZE_PX = 8;
const PT_PER_PX = 0.75;
const BASELINE_PT = 17.13;
/** #666 in DeviceRGB, as Chromium wrote the margin box's colour. */
const COLOR = ".4 .4 .4 rg";
const FONT = PDFName.of("Font");
const RESOURCES = PDFName.of("Resources");
const CONTENTS = PDFName.of("Contents");

/** What the stamp reads of a PDF: its objects and pages (pdf-printed.ts, or a PDFDocument's; only the first has their texts). */
export type StampSource = {
  context: PDFContext;
  lookup(object: PDFObject | undefined): PDFObject | undefined;
  pages(): PrintedPage[];
} & Partial<Pick<PrintedPdf, "pageTexts" | "peek">>;

/** The footer of page `page` of `pages`. */
export const footerText = (page: number, pages: number) => `Page ${page} of ${pages}`;

/** A number as a content stream writes it: at most three decimals, no trailing zeros. */
const num = (value: number) => String(Math.round(value * 1000) / 1000);

/**
 * The stamp's content stream for one page: it closes the q that opens the page's contents, then
 * draws `text` centred on `mediaBox` ([x0 y0 x1 y1]) with the font named `resource`.
 */
export function stampContent(text: string, mediaBox: readonly number[], resource: string, font: Pick<StampFont, "advances" | "unitsPerEm"> = stampFont()): string {
  const [x0, y0, x1] = mediaBox as [number, number, number, number];
  const chars = [...text];
  let widthPx = 0;
  const shown: (string | number)[] = [];
  chars.forEach((char, k) => {
    const advance = font.advances.get(char.charCodeAt(0));
    if (advance === undefined) throw new Error(`The footer font has no glyph for ${JSON.stringify(char)}`);
    const roundedPx = Math.round((advance * FONT_SIZE_PX) / font.unitsPerEm);
    widthPx += roundedPx;
    const last = shown.at(-1);
    if (typeof last === "string") shown[shown.length - 1] = last + char;
    else shown.push(char);
    // TJ moves left by n/1000 of the font size: from the font's advance back to the rounded one.
    const adjustment = (advance * 1000) / font.unitsPerEm - (roundedPx * 1000) / FONT_SIZE_PX;
    if (k < chars.length - 1 && Math.abs(adjustment) >= 0.0005) shown.push(adjustment);
  });
  const x = (x0 + x1) / 2 - (widthPx * PT_PER_PX) / 2;
  const y = y0 + BASELINE_PT;
  const array = shown.map((part) => (typeof part === "string" ? `(${part})` : num(part))).join("");
  return [
    "Q",
    "q",
    "/Artifact <</Type /Pagination /Subtype /Footer >>BDC",
    COLOR,
    "BT",
    `/${resource} ${num(FONT_SIZE_PX * PT_PER_PX)} Tf`,
    `1 0 0 1 ${num(x)} ${num(y)} Tm`,
    `[${array}] TJ`,
    "ET",
    "EMC",
    "Q",
    "",
  ].join("\n");
}

/** The references of a page's content streams, in order (/Contents is a stream or an array of them, either maybe by reference). */
function contentRefs(pdf: StampSource, contents: PDFObject | undefined): PDFObject[] {
  if (contents === undefined) return [];
  const resolved = contents instanceof PDFRef ? pdf.lookup(contents) : contents;
  return resolved instanceof PDFArray ? resolved.asArray() : [contents];
}

/** The four numbers of a page's media box. */
function mediaBoxOf(pdf: StampSource, box: PDFObject | undefined): number[] {
  const array = pdf.lookup(box);
  const values = array instanceof PDFArray ? array.asArray().map((value) => pdf.lookup(value)) : [];
  if (values.length !== 4 || !values.every((value) => value instanceof PDFNumber)) throw new Error("A page has no media box");
  const [a, b, c, d] = values.map((value) => (value as PDFNumber).asNumber()) as [number, number, number, number];
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

/**
 * An object already written out in PDF syntax, appended as its bytes: the stamp's streams and
 * page dictionaries are text made here, and pdf-lib's serializer walks a dictionary twice (for its
 * size, then its bytes) — together ~1 ms of a 127-page dossier's stamp.
 */
class WrittenObject extends PDFObject {
  private readonly bytes: Buffer;
  constructor(text: string) {
    super();
    this.bytes = Buffer.from(text, "latin1");
  }
  override sizeInBytes(): number {
    return this.bytes.byteLength;
  }
  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    buffer.set(this.bytes, offset);
    return this.bytes.byteLength;
  }
  override toString(): string {
    return this.bytes.toString("latin1");
  }
  override clone(): WrittenObject {
    return this;
  }
}

/** A content stream of ASCII text, unfiltered. */
const writtenStream = (content: string) => new WrittenObject(`<</Length ${content.length}>>\nstream\n${content}\nendstream`);

/** A dictionary's entries written out, `changed` ones in their place (or at the end when new). */
function dictText(dict: PDFDict | undefined, changed: [PDFName, string][]): string {
  const values = new Map(changed);
  let text = "<<";
  for (const [key, value] of dict?.entries() ?? []) {
    text += `${key.toString()} ${values.get(key) ?? value.toString()}\n`;
    values.delete(key);
  }
  for (const [key, value] of values) text += `${key.toString()} ${value}\n`;
  return `${text}>>`;
}

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)`;
const MEDIA_BOX = new RegExp(String.raw`/MediaBox\s*\[\s*(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s+(${NUMBER})\s*\]`);
const CONTENTS_TEXT = /\/Contents\s+(\d+)\s+(\d+)\s+R\b/;
const FONTS_TEXT = /\/Font\s*<</;
const RESOURCES_TEXT = /\/Resources\s*<</;

/**
 * A page dictionary as Chromium writes it, read as text: its resources direct with a direct font
 * dictionary, one content stream, its own media box, each key once and no stamp font yet. Null
 * for anything else (then every page is parsed).
 */
export function chromiumPage(text: string): { mediaBox: number[]; contents: { at: number; length: number; ref: PDFRef }; fontsEnd: number } | null {
  const once = (key: string) => text.split(key).length === 2;
  if (!text.trimStart().startsWith("<<") || !["/Contents", "/MediaBox", "/Resources", "/Font"].every(once) || text.includes("/SDPageNo")) return null;
  const contents = CONTENTS_TEXT.exec(text);
  const mediaBox = MEDIA_BOX.exec(text);
  const resources = RESOURCES_TEXT.exec(text);
  const fonts = FONTS_TEXT.exec(text);
  if (!contents || !mediaBox || !resources || !fonts || fonts.index < resources.index) return null;
  const [a, b, c, d] = mediaBox.slice(1).map(Number) as [number, number, number, number];
  return {
    mediaBox: [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)],
    contents: { at: contents.index, length: contents[0].length, ref: PDFRef.of(Number(contents[1]), Number(contents[2])) },
    fontsEnd: fonts.index + fonts[0].length,
  };
}

/**
 * Stamps "Page i of N" on every page (N = the file's page count): the objects an incremental
 * update appends — the font's three, one stream holding "q", one stamp stream per page and each
 * page's dictionary rewritten. `allocate` gives the new objects their numbers.
 */
export function stampPageNumbers(pdf: StampSource, allocate: () => PDFRef): UpdatedObject[] {
  const font = stampFont();
  const registered = font.register(pdf.context, allocate);
  const out: UpdatedObject[] = [...registered.objects];
  const open = { ref: allocate(), object: writtenStream("q\n") };
  out.push(open);
  // Pages as Chromium writes them are rewritten as text, unparsed: two insertions in the
  // dictionary as written (its content stream checked to be a stream, not an array).
  const texts = pdf.pageTexts?.();
  const shapes = texts?.map(({ ref, text }) => {
    const shape = chromiumPage(text);
    return shape && pdf.peek?.(shape.contents.ref)?.startsWith("<<") ? { ref, text, shape } : null;
  });
  if (shapes?.every((page) => page !== null)) {
    shapes.forEach(({ ref, text, shape }, index) => {
      const stamp = { ref: allocate(), object: writtenStream(stampContent(footerText(index + 1, shapes.length), shape.mediaBox, "SDPageNo", font)) };
      const { at, length } = shape.contents;
      const contents = `/Contents [${open.ref.toString()} ${shape.contents.ref.toString()} ${stamp.ref.toString()}]`;
      const entry = `/SDPageNo ${registered.ref.toString()} `;
      const edited =
        shape.fontsEnd < at
          ? text.slice(0, shape.fontsEnd) + entry + text.slice(shape.fontsEnd, at) + contents + text.slice(at + length)
          : text.slice(0, at) + contents + text.slice(at + length, shape.fontsEnd) + entry + text.slice(shape.fontsEnd);
      out.push(stamp, { ref, object: new WrittenObject(edited.trim()) });
    });
    return out;
  }
  const pages = pdf.pages();
  pages.forEach((page, index) => {
    const fonts = pdf.lookup(page.resources?.get(FONT));
    let name = "SDPageNo";
    for (let k = 1; fonts instanceof PDFDict && fonts.has(PDFName.of(name)); k++) name = `SDPageNo${k}`;
    const stamp = { ref: allocate(), object: writtenStream(stampContent(footerText(index + 1, pages.length), mediaBoxOf(pdf, page.mediaBox), name, font)) };
    // The resources direct in the page (inherited ones copied), the stamp font added to its fonts.
    const resources = dictText(page.resources, [[FONT, dictText(fonts instanceof PDFDict ? fonts : undefined, [[PDFName.of(name), registered.ref.toString()]])]]);
    const contents = `[${[open.ref, ...contentRefs(pdf, page.contents), stamp.ref].map(String).join(" ")}]`;
    out.push(stamp, { ref: page.ref, object: new WrittenObject(dictText(page.node, [[RESOURCES, resources], [CONTENTS, contents]])) });
  });
  return out;
}
