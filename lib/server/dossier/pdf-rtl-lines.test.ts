import { describe, expect, it } from "vitest";
import { orderRtlLines } from "./pdf-rtl-lines";

// "שלום עולם, זהו מבחן" as Skia draws it (its page 1, shortened): three text objects at the
// line's origin, left to right — "זהו מבחן " (reversed), the Latin comma, "שלום עולם" (reversed).
const LINE = [
  "BT",
  "/ReversedChars BMC",
  "/F5 14.66 Tf",
  "1 0 0 -1 544 68 Tm",
  "<0001> Tj",
  "5 0 Td <0003> Tj",
  "4 0 Td <0002> Tj",
  "EMC",
  "ET",
  "BT",
  "/F6 14.66 Tf",
  "1 0 0 -1 544 68 Tm",
  "14 0 Td <000f> Tj",
  "ET",
  "BT",
  "/ReversedChars BMC",
  "/F5 14.66 Tf",
  "1 0 0 -1 544 68 Tm",
  "18 0 Td <0004> Tj",
  "EMC",
  "ET",
].join("\n");
const FONTS = new Map([
  ["F5", new Map([[1, "\u05DF"], [2, " "], [3, "\u05D6"], [4, "\u05DD"]])],
  ["F6", new Map([[0x0f, ","]])],
]);

describe("orderRtlLines", () => {
  const out = orderRtlLines(LINE, FONTS)!.split("\n");

  it("draws the runs of a right-to-left line right to left, each with the same operators", () => {
    const at = (glyph: string) => out.findIndex((line) => line.endsWith(`<${glyph}> Tj`));
    expect(at("0004")).toBeLessThan(at("000f"));
    expect(at("000f")).toBeLessThan(at("0001"));
    expect(out.filter((line) => /Tm$/.test(line))).toEqual(Array(3).fill("1 0 0 -1 544 68 Tm"));
  });

  it("labels a comma that follows a space with an RLM before it, in a span around its run", () => {
    const comma = out.indexOf("<000f> Tj");
    expect(out.slice(comma - 2, comma + 2)).toEqual(["14 0 Td", "/Span<</ActualText <FEFF200F002C> >> BDC", "<000f> Tj", "EMC"]);
    expect(out.filter((line) => line.includes("ActualText"))).toHaveLength(1);
  });

  it("takes a Latin word set at its own place on the line (Skia's form for a change of direction) into the line", () => {
    // "ז NATO ם": "ם" at the left, "NATO" at x 20, "ז" at x 40, each run with its own Tm.
    const run = (x: number, font: string, glyphs: string, reversed: boolean) =>
      ["BT", ...(reversed ? ["/ReversedChars BMC"] : []), `/${font} 14.66 Tf`, `1 0 0 -1 ${x} 68 Tm`, glyphs, ...(reversed ? ["EMC"] : []), "ET"].join("\n");
    const line = [run(0, "F5", "<0004> Tj\n5 0 Td <0002> Tj", true), run(20, "F6", "<0031> Tj", false), run(40, "F5", "<0002> Tj\n4 0 Td <0003> Tj", true)].join("\n");
    const fonts = new Map([...FONTS, ["F6", new Map([[0x31, "N"]])]]);
    const out = orderRtlLines(line, fonts)!.split("\n");
    expect(out.filter((l) => l.endsWith("Tm"))).toEqual(["1 0 0 -1 40 68 Tm", "1 0 0 -1 20 68 Tm", "1 0 0 -1 0 68 Tm"]);
    expect(out).toContain("/Span<</ActualText <FEFF200F004E> >> BDC");
  });

  it("puts an RLM before a mark that ends the line (its left end) in the run's label", () => {
    // "اً" labelled whole by pdf-rtl.ts, in drawing order: the tanween, then its alef.
    const run = ["BT", "/ReversedChars BMC", "/F4 14.66 Tf", "1 0 0 -1 0 68 Tm", "/Span<</ActualText <FEFF064B0627> >> BDC", "<0178> Tj", "EMC", "EMC", "ET"].join("\n");
    expect(orderRtlLines(run, new Map([["F4", new Map([[0x178, "\u0627"]])]]))!.split("\n")).toContain("/Span<</ActualText <FEFF200F064B0627> >> BDC");
  });

  it("draws a run of punctuation only (a question mark and a quote's closing mark) one glyph per run, in the line's order", () => {
    // "”…ם?”" as Skia draws it: "”?" (one reversed Latin-font run) at the left, then the letter.
    const line = [
      "BT",
      "/ReversedChars BMC",
      "/F6 14.66 Tf",
      "1 0 0 -1 10 68 Tm",
      "<0021> Tj",
      "5 0 Td <0022> Tj",
      "EMC",
      "ET",
      "BT",
      "/ReversedChars BMC",
      "/F5 14.66 Tf",
      "1 0 0 -1 10 68 Tm",
      "12 0 Td <0004> Tj",
      "EMC",
      "ET",
    ].join("\n");
    const fonts = new Map([...FONTS, ["F6", new Map([[0x21, "\u201D"], [0x22, "?"]])]]);
    const out = orderRtlLines(line, fonts)!.split("\n");
    // The letter, then "?", then the mark: each glyph at its place, in a run of its own.
    expect(out.filter((l) => l.endsWith("Tj")).map((l) => l.replace(/^.*</, "<"))).toEqual(["<0004> Tj", "<0022> Tj", "<0021> Tj"]);
    expect(out.filter((l) => l.endsWith("Tm"))).toEqual(["1 0 0 -1 10 68 Tm", "1 0 0 -1 15 68 Tm", "1 0 0 -1 10 68 Tm"]);
    expect(out.filter((l) => l === "BT")).toHaveLength(3);
  });

  it("leaves a line of a left-to-right paragraph as it is", () => {
    // The same runs, none of them right to left (plus a right-to-left run elsewhere on the page).
    const latin = LINE.replaceAll("/ReversedChars BMC\n", "").replaceAll("EMC\nET", "ET");
    expect(orderRtlLines(`${latin}\n/ReversedChars BMC\nEMC`, FONTS)).toBeNull();
  });

  it("leaves a page without right-to-left text, and a line with an operator it does not know, alone", () => {
    expect(orderRtlLines("BT\n/F6 12 Tf\n1 0 0 -1 10 10 Tm\n<000f> Tj\nET", FONTS)).toBeNull();
    expect(orderRtlLines(LINE.replace("/F6 14.66 Tf", "/F6 14.66 Tf\n2 Tr"), FONTS)).toBeNull();
  });
});
