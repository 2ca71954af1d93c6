import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString } from "@cantoo/pdf-lib";
import { describe, expect, it } from "vitest";
import { readNavigation } from "@/tests/support/pdf-structure";
import { mergePrinted } from "./pdf-merge";
import { openPrintedPdf } from "./pdf-printed";

// Two small parts laid out as Chromium writes a tagged PDF (one classic xref table, 20-byte
// entries; a /Document element; a flat parent tree with a page key and an annotation key from
// 100000; an ID tree; /Dests; an outline whose items name their heading element with /SE).
// Reference-like text sits in an /Alt string (with escaped and nested parentheses) and in a
// content stream: neither may be renumbered.
const ALT = String.raw`(see 8 0 R \) and \( (nested 3 0 R) 9 0 R)`;
const STREAM_TEXT = "BT /P <</MCID 0>> BDC (12 0 R) Tj EMC ET";

function part({ heading, level, dests, link }: { heading: string; level: number; dests: string[]; link: string }): Uint8Array {
  const objects: Record<number, string> = {
    1: "<</Title (Part)>>",
    2: "<</Type /Page\n/Parent 3 0 R\n/MediaBox [0 0 200 200]\n/Annots [5 0 R]\n/Contents 4 0 R\n/StructParents 0>>",
    3: "<</Type /Pages\n/Count 1\n/Kids [2 0 R]>>",
    4: `<</Length ${STREAM_TEXT.length}>> stream\n${STREAM_TEXT}\nendstream`,
    5: `<</Type /Annot\n/Subtype /Link\n/Rect [0 0 10 10]\n/Dest /${link}\n/StructParent 100000>>`,
    6: "<</Type /Catalog\n/Pages 3 0 R\n/StructTreeRoot 7 0 R\n/Outlines 14 0 R\n/Dests 13 0 R\n/Lang (en)>>",
    7: "<</Type /StructTreeRoot\n/K 8 0 R\n/ParentTree 11 0 R\n/ParentTreeNextKey 1\n/IDTree 12 0 R>>",
    8: "<</Type /StructElem\n/S /Document\n/P 7 0 R\n/K [9 0 R 10 0 R 18 0 R]>>",
    9: `<</Type /StructElem\n/S /H${level}\n/P 8 0 R\n/Pg 2 0 R\n/K 0\n/ID (node1)\n/Alt ${ALT}>>`,
    10: "<</Type /StructElem\n/S /Link\n/P 8 0 R\n/K [<</Type /OBJR\n/Obj 5 0 R\n/Pg 2 0 R>>]>>",
    11: "<</Nums [0 15 0 R 100000 10 0 R]>>",
    12: "<</Kids [16 0 R]>>",
    13: `<<${dests.map((name) => `/${name} [2 0 R /XYZ 0 200 0]`).join("\n")}>>`,
    14: "<</Type /Outlines\n/First 17 0 R\n/Last 17 0 R\n/Count 1>>",
    15: "[9 0 R]",
    16: "<</Limits [(node1) (node1)]\n/Names [(node1) 9 0 R]>>",
    17: `<</Title (${heading})\n/Parent 14 0 R\n/Dest [2 0 R /XYZ 0 200 0]\n/SE 9 0 R>>`,
    18: "<</Type /StructElem\n/S /TD\n/P 8 0 R\n/A [<</O /Table\n/Headers [(node1)]>>]>>",
  };
  let text = "%PDF-1.4\n%\xd3\xeb\xe9\xe1\n";
  const offsets: number[] = [];
  // Out of number order, as Chromium writes them.
  for (const num of [1, 4, 2, 5, 3, 9, 10, 18, 8, 15, 11, 16, 12, 13, 17, 14, 7, 6]) {
    offsets[num] = text.length;
    text += `${num} 0 obj\n${objects[num]}\nendobj\n`;
  }
  const xref = text.length;
  text += "xref\n0 19\n0000000000 65535 f \n";
  for (let num = 1; num < 19; num++) text += `${String(offsets[num]).padStart(10, "0")} 00000 n \n`;
  text += `trailer\n<</Size 19\n/Root 6 0 R\n/Info 1 0 R>>\nstartxref\n${xref}\n%%EOF`;
  return new Uint8Array(Buffer.from(text, "latin1"));
}

// Part 1 links to "second", an anchor in part 2 (its own /Dests has a placeholder for it), and
// part 2 links to "nowhere", a name no part holds (part 2 defines it, but does not hold it).
const FIRST = { pdf: part({ heading: "One", level: 1, dests: ["first", "second"], link: "second" }), anchors: new Set(["first"]) };
const SECOND = { pdf: part({ heading: "Two", level: 2, dests: ["second", "nowhere"], link: "nowhere" }), anchors: new Set(["second"]) };

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

async function load(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context } = doc;
  const dict = (object: unknown) => (object instanceof PDFRef ? context.lookup(object, PDFDict) : (object as PDFDict));
  const structRoot = dict(doc.catalog.get(PDFName.of("StructTreeRoot")));
  return { doc, dict, structRoot };
}

describe("mergePrinted", () => {
  const merged = mergePrinted([FIRST, SECOND]);
  const text = latin1(merged);

  it("writes one fresh file with one classic xref table, read as Chromium's own", () => {
    expect(text.match(/startxref/g)).toHaveLength(1);
    expect(text.match(/\bxref\n/g)).toHaveLength(1);
    expect(openPrintedPdf(merged)).not.toBeNull();
    expect(text).toMatch(/\/ID \[<[0-9A-F]{32}> <[0-9A-F]{32}>\]/);
  });

  it("renumbers references but never inside strings or streams", async () => {
    // Both parts' /Alt strings and content streams as written, though part 2's objects moved by 18.
    expect(text.split(ALT)).toHaveLength(3);
    expect(text.split(STREAM_TEXT)).toHaveLength(3);
    const { doc } = await load(merged);
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getPages().map((page) => page.node.get(PDFName.of("Contents"))!.toString())).toEqual(["4 0 R", "22 0 R"]);
  });

  it("makes one /Document of the parts' elements, the later parts' keys, IDs and headers moved", async () => {
    const { dict, structRoot } = await load(merged);
    const document = dict(structRoot.get(PDFName.of("K")));
    expect(document.get(PDFName.of("S"))).toBe(PDFName.of("Document"));
    expect((document.get(PDFName.of("K")) as PDFArray).asArray().map(String)).toEqual(["9 0 R", "10 0 R", "18 0 R", "27 0 R", "28 0 R", "36 0 R"]);
    for (const kid of ["27 0 R", "28 0 R", "36 0 R"]) expect(text).toMatch(new RegExp(`\\n${kid.split(" ")[0]} 0 obj\\n<</Type /StructElem\\n/S /\\w+\\n/P 8 0 R`));
    // Part 2's ID and its table cell's /Headers renamed; one ID tree, sorted, with its limits.
    expect(text).toContain("/ID (p2-node1)");
    expect(text).toContain("/Headers [(p2-node1)]");
    expect(text).toContain("/Limits [(node1) (p2-node1)]\n/Names [(node1) 9 0 R (p2-node1) 27 0 R]");

    const navigation = await readNavigation(merged);
    expect(navigation.treeKeys).toEqual([0, 1, 100000, 100001]);
    expect(navigation.missingKeys).toEqual([]);
    expect(navigation.parentTreeNextKey).toBe(2);
    expect(text).toContain("/StructParents 1>>");
    expect(text).toContain("/StructParent 100001>>");
  });

  it("takes each named destination from the part that holds it, and drops a link's name no part holds", async () => {
    const navigation = await readNavigation(merged);
    // The link in part 1 goes to part 2's page; the one to "nowhere" keeps its annotation, without a /Dest.
    expect(navigation.links).toEqual(["1: second → 2"]);
    const { doc, dict } = await load(merged);
    const dests = dict(doc.catalog.get(PDFName.of("Dests")));
    expect(dests.keys().map((key) => key.decodeText())).toEqual(["first", "second"]);
    const annotation = dict((doc.getPage(1).node.get(PDFName.of("Annots")) as PDFArray).get(0));
    expect(annotation.get(PDFName.of("Dest"))).toBeUndefined();
    expect(annotation.get(PDFName.of("Subtype"))).toBe(PDFName.of("Link"));
  });

  it("nests a later part's heading in the outline under the last one of a lower level", async () => {
    expect((await readNavigation(merged)).outline).toEqual(["0 One → 1", "1 Two → 2"]);
    const { doc, dict } = await load(merged);
    const outlines = dict(doc.catalog.get(PDFName.of("Outlines")));
    expect(outlines.get(PDFName.of("Count"))!.toString()).toBe("2");
    const one = dict(outlines.get(PDFName.of("First")));
    expect(one.get(PDFName.of("Count"))!.toString()).toBe("1");
    expect((one.get(PDFName.of("Title")) as PDFString).decodeText()).toBe("One");
    // A part whose heading is of the same level comes after it, at the top.
    const flat = mergePrinted([FIRST, { ...SECOND, pdf: part({ heading: "Two", level: 1, dests: ["second"], link: "second" }) }]);
    expect((await readNavigation(flat)).outline).toEqual(["0 One → 1", "0 Two → 2"]);
  });

  it("joins any number of parts: each one's keys after those before it, its IDs under a prefix of its own", async () => {
    const third = { pdf: part({ heading: "Three", level: 2, dests: ["third", "first"], link: "first" }), anchors: new Set(["third"]) };
    const navigation = await readNavigation(mergePrinted([FIRST, SECOND, third]));
    expect(navigation.pages).toBe(3);
    expect(navigation.treeKeys).toEqual([0, 1, 2, 100000, 100001, 100002]);
    expect(navigation.missingKeys).toEqual([]);
    expect(navigation.parentTreeNextKey).toBe(3);
    expect(navigation.idTreeKeys).toEqual(["node1", "p2-node1", "p3-node1"]);
    expect(navigation.ids.sort()).toEqual(["node1", "p2-node1", "p3-node1"]);
    expect(navigation.outline).toEqual(["0 One → 1", "1 Two → 2", "1 Three → 3"]);
    // Part 3's link back to part 1's anchor lands there, not on part 3's placeholder.
    expect(navigation.links).toEqual(["1: second → 2", "3: first → 1"]);
  });

  it("throws when a part is not laid out as Chromium writes it", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const streams = await doc.save({ useObjectStreams: true });
    expect(() => mergePrinted([FIRST, { pdf: streams, anchors: new Set() }])).toThrow(/Part 2 is not laid out as Chromium writes a PDF/);
    expect(() => mergePrinted([])).toThrow();
  });
});
