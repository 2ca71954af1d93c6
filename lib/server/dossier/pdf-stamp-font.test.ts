import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FOOTER_FONT_FILE, FOOTER_FONT_SOURCE, FOOTER_TEXT, subsetFooterFont } from "@/scripts/fonts/footer-subset";
import { readSfntMetrics, stampFont } from "./pdf-stamp-font";

const root = path.resolve(import.meta.dirname, "../../..");

describe("the footer's font", () => {
  it("is Noto Sans as @fontsource ships it, cut to the footer's characters (run scripts/fonts/dossier-footer.ts after an upgrade)", async () => {
    const fresh = await subsetFooterFont(fs.readFileSync(path.join(root, FOOTER_FONT_SOURCE)));
    expect(Buffer.compare(fresh, fs.readFileSync(path.join(root, FOOTER_FONT_FILE)))).toBe(0);
  });

  it("maps each of the footer's characters to a glyph and reads its advance (head, hhea, hmtx, cmap 3/1)", () => {
    const font = stampFont();
    expect([...FOOTER_TEXT].map((c) => font.advances.get(c.charCodeAt(0)))).toEqual([260, 605, 561, 615, 564, 260, 605, 344, ...Array(10).fill(572)]);
    expect(font.advances.size).toBe(new Set(FOOTER_TEXT).size);
    expect(font).toMatchObject({ unitsPerEm: 1000, italicAngle: 0 });
    expect(font.ascent).toBeGreaterThan(font.capHeight);
    expect(font.descent).toBeLessThan(0);
    expect(() => readSfntMetrics(new Uint8Array(12))).toThrow(/no head table/);
  });
});
