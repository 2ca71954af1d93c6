import subsetFont from "subset-font";

/**
 * The characters (first, last) the dossier's Symbols face covers: the arrows people type — the
 * simple ones (←↑→↓↔↕ and the diagonals) and the double ones (⇐⇑⇒⇓⇔⇕). The dossier's own text
 * uses "→" (the verification section: "story History → chain head"), and Noto Sans draws no
 * arrow but ↑ and ↓, so without this face Chromium drew it in a system font (Liberation Sans
 * here) and embedded that font in the PDF. Kept short: the face is inlined in every dossier.
 */
export const SYMBOLS_RANGES: [number, number][] = [
  [0x2190, 0x2199],
  [0x21d0, 0x21d5],
];
export const SYMBOLS_FONT_SOURCE = "node_modules/@fontsource/noto-sans-math/files/noto-sans-math-latin-400-normal.woff2";
export const SYMBOLS_FONT_FILE = "lib/server/dossier/font-files/noto-sans-math-arrows.woff2";

/** The ranges as a CSS unicode-range. */
export const symbolsUnicodeRange = () => SYMBOLS_RANGES.map(([first, last]) => `U+${first.toString(16).toUpperCase()}-${last.toString(16).toUpperCase()}`).join(",");

const symbolsText = () => SYMBOLS_RANGES.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, i) => String.fromCodePoint(first + i))).join("");

/** Noto Sans Math cut to those arrows, as woff2 (inlined in the dossier's CSS as the other faces are). */
export function subsetSymbolsFont(woff2: Buffer): Promise<Buffer> {
  return subsetFont(woff2, symbolsText(), { targetFormat: "woff2" });
}
