import zlib from "node:zlib";
import { PDFContext, PDFRawStream, PDFRef, type PDFDict } from "@cantoo/pdf-lib";
import { describe, expect, it } from "vitest";
import { EMPTY_SPAN, labelReversedRuns, relabelRtlText, type RtlSource } from "./pdf-rtl";

// A line as Skia writes it: "قاً" drawn left to right — the tanween (0050) first, then its alef
// (0178) in one /ActualText span, then the qaf (01B5).
const SKIA_LINE = [
  "BT",
  "/ReversedChars BMC",
  "/Span<</ActualText <feff0627064b> >> BDC",
  "/F4 18.66 Tf",
  "1 0 0 -1 454 37 Tm",
  "-1 4 Td <0050> Tj",
  "1 -4 Td <0178> Tj",
  "EMC",
  "5 0 Td <01b5> Tj",
  "EMC",
  "12 0 Td <0016> Tj",
  "ET",
].join("\n");
const FONTS = new Map([["F4", new Map([[0x50, "\u064B"], [0x178, "\u0627"], [0x1b5, "\u0642"], [0x16, " "]])]]);

describe("labelReversedRuns", () => {
  const labelled = labelReversedRuns(SKIA_LINE, FONTS)!;
  const lines = labelled.content.split("\n");

  it("labels the run by one span whose text is the run's, in drawing order (read right to left: قاً)", () => {
    expect(lines.filter((line) => line.includes("ActualText") && line !== EMPTY_SPAN)).toEqual(["/Span<</ActualText <FEFF064B06270642> >> BDC"]);
  });

  it("draws a mark that starts the run last, at the same place, after the run's span, in an empty span of its own", () => {
    const qaf = lines.indexOf("<01b5> Tj");
    const mark = lines.indexOf("<0050> Tj");
    expect(qaf).toBeGreaterThan(-1);
    expect(mark).toBeGreaterThan(qaf);
    // The run's span ends at its last glyph on the right (poppler takes the span's width from
    // its first glyph to its last); the mark's text is in it already.
    expect(lines.slice(qaf + 1, mark + 2)).toEqual(["EMC", EMPTY_SPAN, "1 0 0 -1 453 33 Tm", "<0050> Tj", "EMC"]);
  });

  it("leaves the line matrix where the run left it, so what follows is placed as before", () => {
    const after = lines.indexOf("12 0 Td <0016> Tj");
    // …then the run ends.
    expect(lines.slice(after - 3, after)).toEqual(["EMC", "1 0 0 -1 459 37 Tm", "EMC"]);
  });

  it("leaves a run without spans, and a run it does not recognise, as they are", () => {
    expect(labelReversedRuns("BT\n/ReversedChars BMC\n/F4 18.66 Tf\n<0178> Tj\nEMC\nET", FONTS)).toBeNull();
    expect(labelReversedRuns(SKIA_LINE.replace("5 0 Td <01b5> Tj", "[<01b5> -20] TJ"), FONTS)).toBeNull();
  });
});

describe("relabelRtlText", () => {
  // Two pages with the same line: on the first its font draws Arabic letters; on the second the
  // same codes are neutral characters (a right-to-left paragraph's punctuation, say).
  const context = PDFContext.create();
  const flate = (text: string) => context.register(PDFRawStream.of(context.obj({ Filter: "FlateDecode" }), zlib.deflateSync(Buffer.from(text, "latin1"))));
  const cmap = (entries: [string, string][]) => flate(`${entries.length} beginbfchar\n${entries.map(([code, text]) => `<${code}> <${text}>`).join("\n")}\nendbfchar\nendcmap`);
  const page = (toUnicode: PDFRef) => ({
    resources: context.obj({ Font: { F4: context.register(context.obj({ ToUnicode: toUnicode })) } }) as PDFDict,
    contents: flate(SKIA_LINE),
  });
  const arabic = page(cmap([["0050", "064B"], ["0178", "0627"], ["01B5", "0642"], ["0016", "0020"]]));
  const neutral = page(cmap([["0050", "0021"], ["0178", "002E"], ["01B5", "003F"], ["0016", "0020"]]));
  const source: RtlSource = { context, lookup: (object) => (object instanceof PDFRef ? context.lookup(object) : object), pages: () => [arabic, neutral] };

  it("relabels the pages whose fonts draw a right-to-left letter, and does not read the others", async () => {
    const replaced = (await relabelRtlText(source)).map(({ ref }) => ref);
    expect(replaced).toContain(arabic.contents);
    expect(replaced).not.toContain(neutral.contents);
  });
});
