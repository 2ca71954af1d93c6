import { PDFArray, PDFContext, PDFDict, PDFName, PDFObjectParser, PDFRef, type PDFObject } from "@cantoo/pdf-lib";
import { classicTrailer, type ClassicTrailer } from "./pdf-metadata";
import { digitsAt, isDigit, isSpace } from "./pdf-syntax";
import { latin1 } from "./pdf-text";

// A PDF as Chromium prints it, read object by object: its one classic xref table gives every
// object's offset, and an object is parsed (by pdf-lib's object parser) only when asked for.
// The finishing step (pdf-finish.ts) reads the page tree, the pages' fonts and content streams:
// a few hundred of the ~20,000 objects of a tagged 136-page dossier (the structure tree is most
// of them). Parsing the whole file with PDFDocument.load took ~0.5–0.8 s and saving its update
// as much again; this takes milliseconds. Anything else than one classic xref section (an xref
// stream, an update already appended, encryption) gives null: the caller parses it whole.

/** A page: its object and dictionary, its resources and media box (inherited ones included) and its /Contents. */
export type PrintedPage = { ref: PDFRef; node: PDFDict; resources: PDFDict | undefined; mediaBox: PDFObject | undefined; contents: PDFObject | undefined };

export type PrintedPdf = {
  /** Where objects made for an update come from (flate streams); holds none of the file's. */
  context: PDFContext;
  trailer: ClassicTrailer;
  /** The object a reference names (parsed on first use), or the object itself when it is not a reference. */
  lookup(object: PDFObject | undefined): PDFObject | undefined;
  pages(): PrintedPage[];
  /**
   * The pages' references and dictionaries as written (not parsed), in order: the /Pages nodes are
   * parsed, a page is told from a node by its text. For a page rewritten as text (pdf-stamp.ts):
   * parsing a 127-page dossier's page dictionaries with pdf-lib took ~2 ms.
   */
  pageTexts(): { ref: PDFRef; text: string }[];
  /** The start of an object's body (after "N G obj"), as written: what kind of object it is, unparsed. */
  peek(ref: PDFRef): string | undefined;
};

/** By object number: its offset (-1 when not in use) and generation. */
export type XrefOffsets = { offset: Float64Array; generation: Uint16Array };

/**
 * The offsets of the objects in use, by object number, from the xref section at `at`; null if it
 * is not one classic section. Read from the bytes, entry by entry: each entry is 20 bytes
 * ("oooooooooo ggggg n" and a two-byte end of line, PDF 32000-1 §7.5.4), as Chromium writes
 * them; a table laid out otherwise gives null. (Splitting the table's text into tokens took
 * ~7 ms for a 13,000-object dossier.)
 */
function xrefOffsets(bytes: Uint8Array, at: number, size: number): XrefOffsets | null {
  const XREF = [0x78, 0x72, 0x65, 0x66];
  if (XREF.some((byte, k) => bytes[at + k] !== byte)) return null;
  // By object number, in typed arrays (a Map of 13,000 entries took ~1 ms more); -1: not in use.
  const offsets: XrefOffsets = { offset: new Float64Array(size).fill(-1), generation: new Uint16Array(size) };
  let i = at + XREF.length;
  for (;;) {
    while (isSpace(bytes[i])) i++;
    if (i >= bytes.byteLength) return null;
    if (bytes[i] === 0x74) return latin1(bytes.subarray(i, i + 7)) === "trailer" ? offsets : null;
    // A subsection: "first count", then count entries.
    let k = i;
    while (isDigit(bytes[k])) k++;
    const first = digitsAt(bytes, i, k);
    if (bytes[k] !== 0x20) return null;
    i = ++k;
    while (isDigit(bytes[k])) k++;
    const count = digitsAt(bytes, i, k);
    if (first < 0 || count < 0) return null;
    while (bytes[k] === 0x20) k++;
    if (bytes[k] === 0x0d) k++;
    if (bytes[k] === 0x0a) k++;
    if (k + count * 20 > bytes.byteLength) return null;
    for (let n = 0; n < count; n++, k += 20) {
      const kind = bytes[k + 17];
      if (bytes[k + 10] !== 0x20 || bytes[k + 16] !== 0x20 || !isSpace(bytes[k + 18]) || !isSpace(bytes[k + 19])) return null;
      const offset = digitsAt(bytes, k, k + 10);
      const generation = digitsAt(bytes, k + 11, k + 16);
      if (offset < 0 || generation < 0) return null;
      if (kind === 0x6e) {
        // Every object number is below the trailer's /Size (PDF 32000-1 §7.5.5).
        if (first + n >= size || generation > 0xffff) return null;
        offsets.offset[first + n] = offset;
        offsets.generation[first + n] = generation;
      } else if (kind !== 0x66) return null;
    }
    i = k;
  }
}

/** The trailer and the objects' offsets of a file as Chromium writes it (one classic xref section, never updated), or null. */
export function printedXref(bytes: Uint8Array): { trailer: ClassicTrailer; offsets: XrefOffsets } | null {
  const trailer = classicTrailer(bytes);
  if (!trailer) return null;
  const tail = latin1(bytes.subarray(Math.max(0, bytes.byteLength - 4096)));
  // A file that was updated already has a /Prev chain: read whole by the caller.
  if (/\/Prev\b/.test(tail.slice(tail.lastIndexOf("trailer")))) return null;
  const offsets = xrefOffsets(bytes, trailer.prev, trailer.size);
  return offsets && { trailer, offsets };
}

/** The PDF read lazily (see above), or null when it is not laid out as Chromium writes it. */
export function openPrintedPdf(bytes: Uint8Array): PrintedPdf | null {
  const xref = printedXref(bytes);
  if (!xref) return null;
  const { trailer, offsets } = xref;
  const context = PDFContext.create();
  const cache = new Map<number, PDFObject>();
  /** Where an object's body starts (after "N G obj"), or undefined when the file has no such object. */
  const bodyAt = (ref: PDFRef): number | undefined => {
    const offset = offsets.offset[ref.objectNumber] ?? -1;
    if (offset < 0 || offsets.generation[ref.objectNumber] !== ref.generationNumber) return undefined;
    const header = /^(\d+)\s+(\d+)\s+obj\b/.exec(latin1(bytes.subarray(offset, offset + 32)));
    if (!header || Number(header[1]) !== ref.objectNumber) throw new Error(`PDF object ${ref.toString()} is not where the xref table says`);
    return offset + header[0].length;
  };
  const lookup = (object: PDFObject | undefined): PDFObject | undefined => {
    if (!(object instanceof PDFRef)) return object;
    const cached = cache.get(object.objectNumber);
    if (cached) return cached;
    const at = bodyAt(object);
    if (at === undefined) return undefined;
    const parsed = PDFObjectParser.forBytes(bytes.subarray(at), context).parseObject();
    cache.set(object.objectNumber, parsed);
    return parsed;
  };
  const peek = (ref: PDFRef): string | undefined => {
    const at = bodyAt(ref);
    return at === undefined ? undefined : latin1(bytes.subarray(at, at + 64)).trimStart();
  };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pageTexts = (): { ref: PDFRef; text: string }[] => {
    const catalog = lookup(PDFRef.of(...(trailer.root.split(/\s+/).slice(0, 2).map(Number) as [number, number])));
    if (!(catalog instanceof PDFDict)) throw new Error("The PDF has no catalog");
    const out: { ref: PDFRef; text: string }[] = [];
    const seen = new Set<number>();
    const walk = (node: PDFObject | undefined) => {
      if (!(node instanceof PDFRef) || seen.has(node.objectNumber)) return;
      seen.add(node.objectNumber);
      const at = bodyAt(node);
      if (at === undefined) return;
      const end = buffer.indexOf("endobj", at, "latin1");
      const body = latin1(bytes.subarray(at, end < 0 ? bytes.byteLength : end));
      // As pages() tells them: a node is /Type /Pages with a /Kids array.
      const dict = /\/Type\s*\/Pages\b/.test(body) ? lookup(node) : undefined;
      const kids = dict instanceof PDFDict ? lookup(dict.get(PDFName.of("Kids"))) : undefined;
      if (kids instanceof PDFArray) for (const kid of kids.asArray()) walk(kid);
      else out.push({ ref: node, text: body });
    };
    walk(catalog.get(PDFName.of("Pages")));
    return out;
  };
  const pages = (): PrintedPage[] => {
    const catalog = lookup(PDFRef.of(...(trailer.root.split(/\s+/).slice(0, 2).map(Number) as [number, number])));
    if (!(catalog instanceof PDFDict)) throw new Error("The PDF has no catalog");
    const out: PrintedPage[] = [];
    const seen = new Set<PDFObject>();
    const walk = (node: PDFObject | undefined, inherited: Pick<PrintedPage, "resources" | "mediaBox">) => {
      const dict = lookup(node);
      if (!(node instanceof PDFRef) || !(dict instanceof PDFDict) || seen.has(dict)) return;
      seen.add(dict);
      const own = lookup(dict.get(PDFName.of("Resources")));
      const resources = own instanceof PDFDict ? own : inherited.resources;
      const mediaBox = dict.get(PDFName.of("MediaBox")) ?? inherited.mediaBox;
      const kids = lookup(dict.get(PDFName.of("Kids")));
      if (dict.get(PDFName.of("Type")) === PDFName.of("Pages") && kids instanceof PDFArray) {
        for (const kid of kids.asArray()) walk(kid, { resources, mediaBox });
      } else out.push({ ref: node, node: dict, resources, mediaBox, contents: dict.get(PDFName.of("Contents")) });
    };
    walk(catalog.get(PDFName.of("Pages")), { resources: undefined, mediaBox: undefined });
    return out;
  };
  return { context, trailer, lookup, pages, pageTexts, peek };
}
