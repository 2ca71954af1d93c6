import "server-only";
import fs from "node:fs";
import zlib from "node:zlib";
import { PDFRawStream, type PDFContext, type PDFRef } from "@cantoo/pdf-lib";
import { localFontFile } from "./fonts";
import type { UpdatedObject } from "./pdf-metadata";

// The font of the "Page X of Y" footer that finishPdf stamps (pdf-stamp.ts): Noto Sans regular,
// the face Chromium set the footer's margin box in, cut to " Page of0123456789" by
// scripts/fonts/dossier-footer.ts (font-files/noto-sans-footer.ttf, 3 KB).
//
// A simple TrueType font with /WinAnsiEncoding, not a Type0 one: the footer is ASCII, so the
// content stream shows the text itself, "(Page 3 of 12) Tj", and a reader finds each glyph
// through the font's (3,1) cmap and the text through the encoding — three objects (font,
// descriptor, file) and no ToUnicode CMap, CIDToGIDMap or /W array to keep true.
//
// The file is read and deflated once per process; each PDF gets its own three objects made from
// those bytes.

/** The name a subset font carries in a PDF: a six-letter tag, "+", the font's PostScript name. */
export const STAMP_FONT_NAME = "SDPAGE+NotoSans-Regular";
const FIRST_CHAR = 0x20;

type SfntMetrics = {
  unitsPerEm: number;
  bbox: [number, number, number, number];
  ascent: number;
  descent: number;
  capHeight: number;
  italicAngle: number;
  /** Advance width by character code (font units), for the characters the font maps. */
  advances: Map<number, number>;
};

/** The few tables of a TrueType file a PDF font dictionary needs (OpenType spec: head, hhea, hmtx, cmap 3/1 format 4, OS/2, post). */
export function readSfntMetrics(bytes: Uint8Array): SfntMetrics {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  for (let i = 0, count = view.getUint16(4); i < count; i++) {
    const record = 12 + 16 * i;
    tables.set(String.fromCharCode(...bytes.subarray(record, record + 4)), view.getUint32(record + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`The footer font has no ${tag} table`);
    return at;
  };
  const head = table("head");
  const hhea = table("hhea");
  const os2 = table("OS/2");
  const hmtx = table("hmtx");
  const metricCount = view.getUint16(hhea + 34);
  const advanceOf = (glyph: number) => view.getUint16(hmtx + 4 * Math.min(glyph, metricCount - 1));
  // The (3,1) subtable, format 4: segments of character codes, each to glyphs by a delta or an index array.
  const cmap = table("cmap");
  let subtable: number | undefined;
  for (let i = 0, count = view.getUint16(cmap + 2); i < count; i++) {
    const record = cmap + 4 + 8 * i;
    if (view.getUint16(record) === 3 && view.getUint16(record + 2) === 1) subtable = cmap + view.getUint32(record + 4);
  }
  if (subtable === undefined || view.getUint16(subtable) !== 4) throw new Error("The footer font has no (3,1) format 4 cmap");
  const segments = view.getUint16(subtable + 6) / 2;
  const ends = subtable + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  const advances = new Map<number, number>();
  for (let s = 0; s < segments; s++) {
    const start = view.getUint16(starts + 2 * s);
    const end = view.getUint16(ends + 2 * s);
    const delta = view.getUint16(deltas + 2 * s);
    const rangeOffset = view.getUint16(rangeOffsets + 2 * s);
    for (let code = start; code <= end && code < 0xffff; code++) {
      let glyph = rangeOffset === 0 ? code : view.getUint16(rangeOffsets + 2 * s + rangeOffset + 2 * (code - start));
      if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      if (glyph !== 0) advances.set(code, advanceOf(glyph));
    }
  }
  const ascent = view.getInt16(hhea + 4);
  return {
    unitsPerEm: view.getUint16(head + 18),
    bbox: [view.getInt16(head + 36), view.getInt16(head + 38), view.getInt16(head + 40), view.getInt16(head + 42)],
    ascent,
    descent: view.getInt16(hhea + 6),
    capHeight: view.getUint16(os2) >= 2 ? view.getInt16(os2 + 88) : ascent,
    italicAngle: view.getInt32(table("post") + 4) / 65536,
    advances,
  };
}

export type StampFont = SfntMetrics & {
  /** The three objects of one PDF's copy of the font; resolves to the font dictionary's reference. */
  register(context: PDFContext, allocate: () => PDFRef): { ref: PDFRef; objects: UpdatedObject[] };
};

let cached: StampFont | undefined;

/** The footer's font (read, measured and deflated on first use). */
export function stampFont(): StampFont {
  if (cached) return cached;
  const file = fs.readFileSync(localFontFile("noto-sans-footer.ttf"));
  const metrics = readSfntMetrics(file);
  const deflated = zlib.deflateSync(file);
  const unit = (value: number) => Math.round((value * 1000) / metrics.unitsPerEm);
  const lastChar = Math.max(...metrics.advances.keys());
  const widths = Array.from({ length: lastChar - FIRST_CHAR + 1 }, (_, k) => unit(metrics.advances.get(FIRST_CHAR + k) ?? 0));
  cached = {
    ...metrics,
    register(context, allocate) {
      const [fileRef, descriptorRef, fontRef] = [allocate(), allocate(), allocate()];
      const fontFile = PDFRawStream.of(context.obj({ Filter: "FlateDecode", Length1: file.byteLength }), deflated);
      const descriptor = context.obj({
        Type: "FontDescriptor",
        FontName: STAMP_FONT_NAME,
        // Nonsymbolic: the glyphs are found by the standard Latin character set (WinAnsiEncoding).
        Flags: 32,
        FontBBox: metrics.bbox.map(unit),
        ItalicAngle: metrics.italicAngle,
        Ascent: unit(metrics.ascent),
        Descent: unit(metrics.descent),
        CapHeight: unit(metrics.capHeight),
        // Not in the font's tables; readers use it only to synthesize a face the file would replace.
        StemV: 80,
        FontFile2: fileRef,
      });
      const font = context.obj({
        Type: "Font",
        Subtype: "TrueType",
        BaseFont: STAMP_FONT_NAME,
        FirstChar: FIRST_CHAR,
        LastChar: lastChar,
        Widths: widths,
        Encoding: "WinAnsiEncoding",
        FontDescriptor: descriptorRef,
      });
      return {
        ref: fontRef,
        objects: [
          { ref: fileRef, object: fontFile },
          { ref: descriptorRef, object: descriptor },
          { ref: fontRef, object: font },
        ],
      };
    },
  };
  return cached;
}
