import { describe, expect, it } from "vitest";
import { documentParts } from "./pdf-layout";
import { splitForPrint } from "./pdf-split";

const section = (id: string, items: number) =>
  `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${id}</h2><ol>${"<li><span>line</span></li>".repeat(items)}</ol></section>\n`;
const toc = (ids: string[]) => `<nav class="toc"><ol>${ids.map((id) => `<li><a href="#${id}">${id}</a></li>`).join("")}</ol></nav>\n`;
const doc = (body: string) => `<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n<title>T</title>\n<style>p{}</style>\n</head><body>\n${body}</body></html>`;

describe("splitForPrint", () => {
  it("prints a small document whole", () => {
    expect(splitForPrint(doc(toc(["a", "b"]) + section("a", 10) + section("b", 10)))).toBeNull();
  });

  it("cuts before the top-level section nearest the middle of the body's elements, each part a whole document with the same head", () => {
    const html = doc(toc(["a", "b", "c", "d"]) + section("a", 100) + section("b", 100) + section("c", 300) + section("d", 500));
    const parts = splitForPrint(html, 0)!;
    expect(parts).not.toBeNull();
    const [one, two] = parts;
    // c's 300 lines and d's 500: the cut before d leaves 4 + 200 + 300 lines against 500.
    expect(one.html).toContain(section("c", 300));
    expect(one.html).not.toContain('<section id="d"');
    expect(two.html).toContain(section("d", 500));
    expect(two.html).not.toContain('<section id="c"');
    expect(documentParts(one.html)!.frame).toBe(documentParts(two.html)!.frame);
    expect([...one.anchors].sort()).toEqual(["a", "a-h", "b", "b-h", "c", "c-h"]);
    expect([...two.anchors].sort()).toEqual(["d", "d-h"]);
  });

  it("gives a link to the other part a placeholder anchor, and the anchor a hidden link, so that both are printed", () => {
    const [one, two] = splitForPrint(doc(toc(["a", "b"]) + section("a", 200) + section("b", 200)), 0)!;
    // Part one links to b, which is in part two.
    expect(one.html).toMatch(/<\/section>\n<span id="b"><\/span><\/body><\/html>$/);
    expect(one.html).not.toContain('<a href="#a" hidden>');
    expect(two.html).toMatch(/<body><section id="b"[^]*<\/section>\n<a href="#b" hidden><\/a><\/body><\/html>$/);
    expect(two.html).not.toContain('<span id="b">');
    // The placeholder is not one of part one's anchors: its destination is the other part's.
    expect(one.anchors.has("b")).toBe(false);
  });

  it("prints whole when no cut leaves each part at least 30 % of the elements", () => {
    expect(splitForPrint(doc(section("a", 1000) + section("b", 10)), 0)).toBeNull();
    expect(splitForPrint(doc("<p>No sections</p>".repeat(1000)), 0)).toBeNull();
  });
});
