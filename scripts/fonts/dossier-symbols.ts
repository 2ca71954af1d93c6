// Builds the dossier's Symbols face (lib/server/dossier/font-files/): Noto Sans Math (@fontsource,
// OFL-1.1) cut to a few arrows, the symbols the dossier's text uses that Noto Sans lacks
// (symbols-subset.ts says which and why). fonts.ts inlines it as "Dossier Symbols", after the
// script faces in every stack. Run it again after upgrading @fontsource/noto-sans-math:
// `npx tsx scripts/fonts/dossier-symbols.ts` (a unit test compares the file with a fresh subset).
//
// Made here, not when the server runs, as the footer's font is (dossier-footer.ts): subset-font
// and the 270 KB source are development dependencies; the file is a few KB.
import { SYMBOLS_FONT_FILE, SYMBOLS_FONT_SOURCE, subsetSymbolsFont } from "./symbols-subset";
import { writeSubset } from "./write-subset";

await writeSubset(SYMBOLS_FONT_SOURCE, SYMBOLS_FONT_FILE, subsetSymbolsFont);
