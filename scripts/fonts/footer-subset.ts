import subsetFont from "subset-font";

/** The characters the footer draws ("Page 12 of 127"). */
export const FOOTER_TEXT = " Page of0123456789";
export const FOOTER_FONT_SOURCE = "node_modules/@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2";
export const FOOTER_FONT_FILE = "lib/server/dossier/font-files/noto-sans-footer.ttf";

/** Noto Sans cut to the footer's glyphs, as a TrueType file (what a PDF embeds as FontFile2); no layout tables: the footer is not shaped. */
export function subsetFooterFont(woff2: Buffer): Promise<Buffer> {
  return subsetFont(woff2, FOOTER_TEXT, { targetFormat: "sfnt", keepFeatures: [], noLayoutClosure: true, dropTables: ["GSUB", "GPOS", "GDEF", "STAT"] });
}
