// Builds the font of the dossier PDF's "Page X of Y" footer (lib/server/dossier/font-files/):
// Noto Sans regular (@fontsource, OFL-1.1, the face the body's Latin text is set in) cut to the
// glyphs the footer draws. finishPdf embeds it in every printed dossier (pdf-stamp-font.ts).
// Run it again after upgrading @fontsource/noto-sans: `npx tsx scripts/fonts/dossier-footer.ts`
// (a unit test compares the file with a fresh subset).
//
// Made here, not when the server runs: subset-font is a development dependency, and its first
// call in a process loads two WebAssembly modules (~150 ms, measured 2026-12-01); the file is
// 3 KB.
import { FOOTER_FONT_FILE, FOOTER_FONT_SOURCE, subsetFooterFont } from "./footer-subset";
import { writeSubset } from "./write-subset";

await writeSubset(FOOTER_FONT_SOURCE, FOOTER_FONT_FILE, subsetFooterFont);
