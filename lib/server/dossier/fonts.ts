import "server-only";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// The dossier's fonts, embedded in its HTML as data: URLs: the PDF must look the same on a
// machine with no system fonts at all (a fresh CI machine has only the browser binary), and the
// print page may fetch nothing. Noto Sans for Latin (regular, bold, italic) and Noto Sans Hebrew
// (regular, bold) from the @fontsource packages on npm; for Arabic, Vazirmatn (regular, bold)
// without its presentation-form cmap entries, built by scripts/fonts/dossier-arabic.ts into
// font-files/ — the font that makes Chromium's PDF text layer hold the logical Arabic letters
// (that script says why); Noto Sans Math cut to a few arrows ("Dossier Symbols", built by
// scripts/fonts/dossier-symbols.ts: Noto Sans has no →, which the dossier's own text uses); and
// Noto Sans Mono for hashes, keys and the signed checkpoint. Nothing falls back to a system
// font for the dossier's own text (the integration tests read the PDF's fonts). Each script is its
// own family in one stack, so text in a script a family lacks falls through to the next family
// (and italic Hebrew or Arabic gets a synthesized slant of its upright face instead of a system
// font). The unicode-range of each face is the one @fontsource publishes, so the browser only
// uses a face for the characters its subset holds.

/** The `font-family` value for dossier text (body, headings, tables). */
export const DOSSIER_FONT_FAMILY = '"Dossier Sans", "Dossier Hebrew", "Dossier Arabic", "Dossier Symbols", sans-serif';

/** The `font-family` value for hashes, keys and checkpoint notes: Noto Sans Mono (ASCII), then the text's stack. */
export const DOSSIER_MONO_FONT_FAMILY = `"Dossier Mono", ${DOSSIER_FONT_FAMILY}`;

/**
 * The stack for a run of Hebrew or Arabic text: its script's family first, so the spaces and
 * punctuation between its words come from the same font. Chromium draws a change of font as a new
 * text run, and a line of single-word runs reads back in visual order (pdf.js) or with its
 * punctuation moved (pdftotext). The script faces' unicode-range therefore includes the space.
 */
export const DOSSIER_SCRIPT_FONT_FAMILY = {
  he: '"Dossier Hebrew", "Dossier Sans", "Dossier Arabic", "Dossier Symbols", sans-serif',
  ar: '"Dossier Arabic", "Dossier Sans", "Dossier Hebrew", "Dossier Symbols", sans-serif',
} as const;

/** The rules that set text marked data-script="he" or "ar" (html.ts) in its script's stack. */
export const SCRIPT_FONT_CSS = Object.entries(DOSSIER_SCRIPT_FONT_FAMILY)
  .map(([script, family]) => `[data-script="${script}"] { font-family: ${family}; }`)
  .join("\n");

/** The arrows scripts/fonts/symbols-subset.ts keeps of Noto Sans Math (fonts.test.ts holds the two together). */
export const SYMBOLS_UNICODE_RANGE = "U+2190-2199,U+21D0-21D5";

/** U+0020, added to the right-to-left faces' ranges (see DOSSIER_SCRIPT_FONT_FAMILY). */
const SPACE_RANGE = "U+0020";

/**
 * A face from an @fontsource package (its file and unicode-range from the package's CSS), or —
 * with `local` — a file of font-files/ built from one: with @fontsource's unicode-range for
 * `subset`, or with `range` when the file covers other characters than the package's subset.
 */
type Face = { family: string; pkg: string; subset: string; weight: 400 | 700; style: "normal" | "italic"; extraRange?: string; local?: string; range?: string };

const FACES: Face[] = [
  ...(["latin", "latin-ext"] as const).flatMap((subset) => [
    { family: "Dossier Sans", pkg: "@fontsource/noto-sans", subset, weight: 400, style: "normal" } as const,
    { family: "Dossier Sans", pkg: "@fontsource/noto-sans", subset, weight: 700, style: "normal" } as const,
    { family: "Dossier Sans", pkg: "@fontsource/noto-sans", subset, weight: 400, style: "italic" } as const,
  ]),
  { family: "Dossier Hebrew", pkg: "@fontsource/noto-sans-hebrew", subset: "hebrew", weight: 400, style: "normal", extraRange: SPACE_RANGE },
  { family: "Dossier Hebrew", pkg: "@fontsource/noto-sans-hebrew", subset: "hebrew", weight: 700, style: "normal", extraRange: SPACE_RANGE },
  // The unicode-range is @fontsource's for Vazirmatn's Arabic subset; the file is ours.
  { family: "Dossier Arabic", pkg: "@fontsource/vazirmatn", subset: "arabic", weight: 400, style: "normal", extraRange: SPACE_RANGE, local: "vazirmatn-arabic-400-logical.woff2" },
  { family: "Dossier Arabic", pkg: "@fontsource/vazirmatn", subset: "arabic", weight: 700, style: "normal", extraRange: SPACE_RANGE, local: "vazirmatn-arabic-700-logical.woff2" },
  // Regular only: a bold arrow is synthesized from it, as italic Hebrew is slanted.
  { family: "Dossier Symbols", pkg: "@fontsource/noto-sans-math", subset: "latin", weight: 400, style: "normal", local: "noto-sans-math-arrows.woff2", range: SYMBOLS_UNICODE_RANGE },
  { family: "Dossier Mono", pkg: "@fontsource/noto-sans-mono", subset: "latin", weight: 400, style: "normal" },
];

/** A file of font-files/ (beside this module under tsx and vitest; from the project root under `next start`). */
export function localFontFile(name: string): string {
  const candidates = [path.join(path.dirname(new URL(import.meta.url).pathname), "font-files", name), path.join(process.cwd(), "lib/server/dossier/font-files", name)];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`Dossier fonts: cannot find ${name} (looked in ${candidates.join(", ")})`);
  return found;
}

/**
 * A package's folder in node_modules. Resolved from this module first (tsx, vitest, a plain
 * `node`), then from the working directory: a bundled server chunk may not resolve
 * `createRequire(import.meta.url)` to a real path, but `next start` runs in the project root.
 */
function packageDir(pkg: string): string {
  const tried: string[] = [];
  const bases = [import.meta.url, path.join(process.cwd(), "package.json")];
  for (const base of bases) {
    try {
      const resolved: unknown = createRequire(base).resolve(`${pkg}/package.json`);
      if (typeof resolved === "string" && fs.existsSync(resolved)) return path.dirname(resolved);
      tried.push(`${base}: ${String(resolved)}`);
    } catch (error) {
      tried.push(`${base}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const direct = path.join(process.cwd(), "node_modules", pkg);
  if (fs.existsSync(path.join(direct, "package.json"))) return direct;
  throw new Error(`Dossier fonts: cannot find the npm package ${pkg} (${tried.join("; ")})`);
}

/** The face's block in @fontsource's CSS for its weight and style: the woff2 file and its unicode-range. */
function fontsourceFace(dir: string, face: Face): { file: string; unicodeRange: string } {
  const cssName = `${face.weight}${face.style === "italic" ? "-italic" : ""}.css`;
  const css = fs.readFileSync(path.join(dir, cssName), "utf8");
  const fileName = `${path.basename(face.pkg)}-${face.subset}-${face.weight}-${face.style}.woff2`;
  for (const block of css.split("@font-face").slice(1)) {
    const src = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
    if (src !== fileName) continue;
    const unicodeRange = /unicode-range:\s*([^;}]+)/.exec(block)?.[1]?.trim();
    if (!unicodeRange || !/^[U+0-9A-Fa-f?,\s-]+$/.test(unicodeRange)) break;
    return { file: path.join(dir, "files", fileName), unicodeRange };
  }
  throw new Error(`Dossier fonts: ${face.pkg}/${cssName} has no usable @font-face for ${fileName}`);
}

let cached: string | undefined;

/** @font-face rules for DOSSIER_FONT_FAMILY, fonts inlined (≈ 0.4 MB of CSS; built once per process). */
export function fontFaceCss(): string {
  if (cached !== undefined) return cached;
  const dirs = new Map<string, string>();
  const fontsource = (face: Face) => {
    let dir = dirs.get(face.pkg);
    if (!dir) dirs.set(face.pkg, (dir = packageDir(face.pkg)));
    return fontsourceFace(dir, face);
  };
  const rules = FACES.map((face) => {
    // A file of ours with a range of its own needs nothing of its package here (a development dependency).
    const source = face.local && face.range ? { file: localFontFile(face.local), unicodeRange: face.range } : fontsource(face);
    const file = face.local ? localFontFile(face.local) : source.file;
    const unicodeRange = face.extraRange ? `${face.extraRange},${source.unicodeRange}` : source.unicodeRange;
    const data = fs.readFileSync(file).toString("base64");
    return [
      "@font-face {",
      `  font-family: "${face.family}";`,
      `  font-style: ${face.style};`,
      `  font-weight: ${face.weight};`,
      // Printing never waits for a swap: the fonts are inline, so "block" costs nothing.
      "  font-display: block;",
      `  src: url(data:font/woff2;base64,${data}) format("woff2");`,
      `  unicode-range: ${unicodeRange};`,
      "}",
    ].join("\n");
  });
  cached = rules.join("\n");
  return cached;
}
