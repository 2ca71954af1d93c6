import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SYMBOLS_FONT_FILE, SYMBOLS_FONT_SOURCE, subsetSymbolsFont, symbolsUnicodeRange } from "@/scripts/fonts/symbols-subset";
import { DOSSIER_FONT_FAMILY, DOSSIER_MONO_FONT_FAMILY, fontFaceCss, SYMBOLS_UNICODE_RANGE } from "./fonts";

const root = path.resolve(import.meta.dirname, "../../..");

const faces = () =>
  [...fontFaceCss().matchAll(/@font-face \{([\s\S]*?)\n\}/g)].map(([, body]) => ({
    family: /font-family: "([^"]+)"/.exec(body!)?.[1],
    style: /font-style: (\w+)/.exec(body!)?.[1],
    weight: Number(/font-weight: (\d+)/.exec(body!)?.[1]),
    data: /src: url\(data:font\/woff2;base64,([A-Za-z0-9+/=]+)\) format\("woff2"\);/.exec(body!)?.[1],
    range: /unicode-range: ([^;]+);/.exec(body!)?.[1],
  }));

describe("the dossier fonts", () => {
  it("inlines Noto Sans (Latin regular, bold, italic), Noto Sans Hebrew, Vazirmatn (Arabic), Noto Sans Math's arrows and Noto Sans Mono as woff2 data URLs", () => {
    const list = faces();
    expect(list.map((f) => `${f.family} ${f.weight} ${f.style}`).sort()).toEqual(
      [
        ...["Dossier Sans 400 normal", "Dossier Sans 700 normal", "Dossier Sans 400 italic"].flatMap((face) => [face, face]), // latin, latin-ext
        "Dossier Hebrew 400 normal",
        "Dossier Hebrew 700 normal",
        "Dossier Arabic 400 normal",
        "Dossier Arabic 700 normal",
        "Dossier Symbols 400 normal",
        "Dossier Mono 400 normal",
      ].sort(),
    );
    for (const face of list) {
      // Every file is a real woff2 (signature "wOF2"), not a path the print page would have to fetch.
      expect(Buffer.from(face.data!, "base64").subarray(0, 4).toString("latin1")).toBe("wOF2");
    }
  });

  it("gives each face @fontsource's unicode-range, so each script gets its own font", () => {
    const range = (family: string) => faces().find((f) => f.family === family)!.range!;
    expect(range("Dossier Hebrew")).toContain("U+0590-05FF");
    expect(range("Dossier Arabic")).toContain("U+0600-06FF");
    const latin = faces().filter((f) => f.family === "Dossier Sans").map((f) => f.range);
    expect(latin.some((r) => r!.startsWith("U+0000-00FF"))).toBe(true); // latin
    expect(latin.some((r) => r!.startsWith("U+0100-02BA"))).toBe(true); // latin-ext
    expect(range("Dossier Symbols")).toBe(symbolsUnicodeRange());
    expect(range("Dossier Mono")).toMatch(/^U\+0000-00FF,/);
    expect(DOSSIER_FONT_FAMILY).toBe('"Dossier Sans", "Dossier Hebrew", "Dossier Arabic", "Dossier Symbols", sans-serif');
    expect(DOSSIER_MONO_FONT_FAMILY).toBe(`"Dossier Mono", ${DOSSIER_FONT_FAMILY}`);
  });

  it("the arrows are Noto Sans Math as @fontsource ships it, cut to the arrows of its range (run scripts/fonts/dossier-symbols.ts after an upgrade)", async () => {
    expect(SYMBOLS_UNICODE_RANGE).toBe(symbolsUnicodeRange());
    const fresh = await subsetSymbolsFont(fs.readFileSync(path.join(root, SYMBOLS_FONT_SOURCE)));
    expect(Buffer.compare(fresh, fs.readFileSync(path.join(root, SYMBOLS_FONT_FILE)))).toBe(0);
  });

  it("reads the files once per process", () => {
    const first = fontFaceCss();
    expect(fontFaceCss()).toBe(first);
    expect(first.length).toBeGreaterThan(300_000);
    expect(first.length).toBeLessThan(600_000);
  });
});
