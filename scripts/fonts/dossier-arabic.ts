// Builds the dossier's Arabic font (lib/server/dossier/font-files/): Vazirmatn (@fontsource,
// OFL-1.1) without the Arabic presentation-form code points in its cmap. Run it again after
// upgrading @fontsource/vazirmatn: `npx tsx scripts/fonts/dossier-arabic.ts`.
//
// Why (measured with Chromium 140 and 150, pdftotext 22 and pdf.js 5): Chromium's PDF backend
// (Skia) writes each glyph's text from the font's cmap. A font that maps its initial, medial and
// final forms to the presentation-form code points (U+FB50–FDFF, U+FE70–FEFF) makes every shaped
// letter come out of the PDF as a presentation form; with those entries gone, Skia takes the
// glyph's text from the shaped run itself — the logical letter. Vazirmatn draws each letter as
// one glyph; Noto Sans Arabic draws dotted letters as a dotless base plus separate dots, which
// Skia can only label with /ActualText spans that pdf.js ignores and pdftotext splits with
// spaces ("ن حن" for "نحن").
import fs from "node:fs";
import path from "node:path";
import subsetFont from "subset-font";

const root = path.resolve(import.meta.dirname, "../..");
const source = path.join(root, "node_modules/@fontsource/vazirmatn/files");
const target = path.join(root, "lib/server/dossier/font-files");

const PRESENTATION_FORMS: [number, number][] = [
  [0xfb50, 0xfdff],
  [0xfe70, 0xfeff],
];
const keep: string[] = [];
for (let code = 0x20; code <= 0xffff; code++) if (code < 0xd800 || code > 0xdfff) keep.push(String.fromCodePoint(code));
const text = keep.filter((c) => !PRESENTATION_FORMS.some(([lo, hi]) => c.codePointAt(0)! >= lo && c.codePointAt(0)! <= hi)).join("");

for (const weight of [400, 700]) {
  const input = fs.readFileSync(path.join(source, `vazirmatn-arabic-${weight}-normal.woff2`));
  const output = await subsetFont(input, text, { targetFormat: "woff2" });
  const file = path.join(target, `vazirmatn-arabic-${weight}-logical.woff2`);
  fs.writeFileSync(file, output);
  console.log(`${path.relative(root, file)}: ${input.length} → ${output.length} bytes`);
}
