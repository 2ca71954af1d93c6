import { describe, expect, it } from "vitest";
import { ObjectRewriter, PdfWriter, type KeyEdits, type RewriteRules } from "./pdf-merge-rewrite";

const RULES: RewriteRules = {
  renumber: (num) => num + 100,
  idPrefix: "p2-",
  structParent: (key) => key + 10,
  keepsDest: (name) => name === "kept",
  subsetTag: (tag) => `${tag.slice(0, 5)}B`,
};

/** The object's value rewritten, and what follows it copied as it is (as the merge copies an object). */
function rewrite(value: string, edits?: KeyEdits, rules = RULES): string {
  const bytes = Buffer.from(`${value}\nendobj\n`, "latin1");
  const out = new PdfWriter(16);
  const rewriter = new ObjectRewriter(bytes, out, rules);
  const end = rewriter.rewrite(0, edits);
  out.bytes(rewriter.bytes, end, bytes.length);
  return Buffer.from(out.result()).toString("latin1");
}

describe("ObjectRewriter", () => {
  it("renumbers references, and nothing inside literal or hex strings", () => {
    // "(x\\)" ends at its ")" (the backslash is escaped), so "5 0 R" after it is a reference;
    // "\(" and nested parentheses keep "6 0 R" and "7 0 R" inside the string.
    const source = String.raw`<</A [(x\\) 5 0 R] /B (a (b 6 0 R) \( 7 0 R) /C <3720302052> /K [8 0 R 9 0 R] % 11 0 R
/N 1.5 /M [1 2 3] /Sub <</P 10 0 R>>>>`;
    expect(rewrite(source)).toBe(
      String.raw`<</A [(x\\) 105 0 R] /B (a (b 6 0 R) \( 7 0 R) /C <3720302052> /K [108 0 R 109 0 R] % 11 0 R
/N 1.5 /M [1 2 3] /Sub <</P 110 0 R>>>>` + "\nendobj\n",
    );
  });

  it("renames /ID and /Headers strings, moves parent-tree keys, drops a /Dest no part holds", () => {
    expect(rewrite("<</S /TH /ID (node7) /StructParents 3 /StructParent 100002 /A [<</O /Table /Headers [(node1) <6E6F646532>]>>]>>")).toBe(
      "<</S /TH /ID (p2-node7) /StructParents 13 /StructParent 100012 /A [<</O /Table /Headers [(p2-node1) <70322d6E6F646532>]>>]>>\nendobj\n",
    );
    expect(rewrite("<</Subtype /Link /Dest /gone /F 4>>")).toBe("<</Subtype /Link  /F 4>>\nendobj\n");
    expect(rewrite("<</Subtype /Link /Dest /kept /F 4>>")).toBe("<</Subtype /Link /Dest /kept /F 4>>\nendobj\n");
    // Part 1 (no prefix, numbers kept) comes out as it went in.
    const unchanged = "<</S /TH /P 8 0 R /ID (node7) /Alt (12 0 R)>>";
    expect(rewrite(unchanged, undefined, { ...RULES, renumber: (num) => num, idPrefix: "" })).toBe(`${unchanged}\nendobj\n`);
  });

  it("gives a font subset's /BaseFont and /FontName the part's own tag, and no other name", () => {
    expect(rewrite("<</Type /Font /Subtype /Type0 /BaseFont /AAAAAA+NotoSans-Regular /DescendantFonts [3 0 R]>>")).toBe(
      "<</Type /Font /Subtype /Type0 /BaseFont /AAAAAB+NotoSans-Regular /DescendantFonts [103 0 R]>>\nendobj\n",
    );
    expect(rewrite("<</Type /FontDescriptor /FontName /BAAAAA+NotoSans-Bold /Flags 4>>")).toBe("<</Type /FontDescriptor /FontName /BAAAAB+NotoSans-Bold /Flags 4>>\nendobj\n");
    // Not a subset tag (lower case, five letters), or not a font's name: as it was.
    for (const same of ["<</BaseFont /Helvetica>>", "<</BaseFont /AAAAA+X>>", "<</FontName /aaaaaa+X>>", "<</S /AAAAAA+X>>"]) expect(rewrite(same)).toBe(`${same}\nendobj\n`);
  });

  it("sets, replaces and removes the entries the merge edits, in the object's own dictionary only", () => {
    const edits: KeyEdits = new Map([
      ["K", "[1 0 R 2 0 R]"],
      ["Prev", null],
      ["Parent", "40 0 R"],
    ]);
    expect(rewrite("<</Title (T) /K 3 0 R /Prev 4 0 R /Sub <</K 5 0 R>>>>", edits)).toBe("<</Title (T) /K [1 0 R 2 0 R]  /Sub <</K 105 0 R>>\n/Parent 40 0 R>>\nendobj\n");
  });
});
