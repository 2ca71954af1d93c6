import { PDFArray, PDFDocument, PDFName, PDFRawStream, decodePDFRawStream } from "@cantoo/pdf-lib";
import { describe, expect, it } from "vitest";
import { finishPdf } from "./pdf-finish";
import type { PdfInfo } from "./pdf-metadata";
import { openPrintedPdf } from "./pdf-printed";

const INFO: PdfInfo = { title: "תיק: Harbour tender — مرحبا", author: "Ana Editor", createdAt: new Date("2026-03-01T10:15:30Z"), custom: { StorydeskCheckpoint: "abc" } };

// A page as Chromium prints an Arabic line (see pdf-rtl.test.ts): "قاً" in one /ReversedChars run,
// the tanween and its alef in a span; its font's ToUnicode has the lam-alef ligature in visual order.
const LINE = ["BT", "/ReversedChars BMC", "/Span<</ActualText <feff0627064b> >> BDC", "/F4 18.66 Tf", "1 0 0 -1 454 37 Tm", "-1 4 Td <0050> Tj", "1 -4 Td <0178> Tj", "EMC", "5 0 Td <01b5> Tj", "EMC", "ET"].join("\n");
const CMAP = ["/CIDInit /ProcSet findresource begin", "begincmap", "1 begincodespacerange <0000> <FFFF> endcodespacerange", "4 beginbfchar", "<0050> <064B>", "<0178> <0627>", "<01B5> <0642>", "<01DB> <06440627>", "endbfchar", "endcmap", "end"].join("\n");

/** A classic-xref PDF (as Chromium writes) with that page, and a second page without right-to-left text. */
async function printedPdf({ objectStreams = false } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const { context } = doc;
  const toUnicode = context.register(context.flateStream(CMAP));
  const font = context.register(context.obj({ Type: "Font", Subtype: "Type0", BaseFont: "Arabic", ToUnicode: toUnicode }));
  const page = doc.addPage([595, 842]);
  page.node.setFontDictionary(PDFName.of("F4"), font);
  page.node.set(PDFName.of("Contents"), context.register(context.flateStream(LINE)));
  doc.addPage([595, 842]).drawText("Hello");
  return doc.save({ useObjectStreams: objectStreams });
}

const text = (stream: unknown) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString("latin1");

/** The document information set, the run relabelled and the ligature's CMap entry reversed. */
async function expectFinished(finished: Uint8Array) {
  const doc = await PDFDocument.load(finished, { updateMetadata: false });
  expect([doc.getTitle(), doc.getAuthor(), doc.getProducer(), doc.getCreationDate()?.toISOString()]).toEqual([INFO.title, "Ana Editor", "Storydesk (Chromium, pdf-lib)", "2026-03-01T10:15:30.000Z"]);
  const page = doc.getPage(0).node;
  // The run's label, with an RLM before the mark that ends the line (pdf-rtl-lines.ts).
  // /Contents is [q, the page's own stream, the page number] (pdf-stamp.ts).
  const contents = doc.context.lookup(page.get(PDFName.of("Contents")), PDFArray).asArray();
  expect(contents).toHaveLength(3);
  expect(text(doc.context.lookup(contents[1]))).toContain("/Span<</ActualText <FEFF200F064B06270642> >> BDC");
  expect(text(doc.context.lookup(contents[2]))).toContain("[(P)-20(a)61(g)-10(e)-61( )10(1)-53( )10(o)-20(f)-31( )10(2)] TJ");
  const font = page.Resources()!.lookup(PDFName.of("Font")) as ReturnType<typeof page.Resources> & object;
  const toUnicode = doc.context.lookup((doc.context.lookup(font.get(PDFName.of("F4"))) as typeof font).get(PDFName.of("ToUnicode")));
  expect(text(toUnicode)).toContain("<01DB> <06270644>");
}

describe("finishPdf", () => {
  it("relabels the right-to-left text, stamps the page numbers and sets the document information in one incremental update", async () => {
    const printed = await printedPdf();
    const finished = await finishPdf(printed, INFO, { rtl: true });

    // The printed bytes stay as they were; one update is appended, holding only what changed.
    expect(Buffer.from(finished.subarray(0, printed.byteLength)).equals(Buffer.from(printed))).toBe(true);
    const update = Buffer.from(finished.subarray(printed.byteLength)).toString("latin1");
    expect(update.match(/startxref/g)).toHaveLength(1);
    // The page's content stream, the CMap and the Info dictionary; the page numbers (pdf-stamp.test.ts):
    // the font's three objects, "q", a stream and the dictionary of each page. Nothing else.
    expect(update.match(/\d+ 0 obj/g)).toHaveLength(3 + 4 + 2 * 2);
    // /Size one more than the highest object number (pdf-lib's own trailer says one less).
    const highest = Math.max(...[...Buffer.from(finished).toString("latin1").matchAll(/(\d+) 0 obj/g)].map((m) => Number(m[1])));
    expect(Number(/\/Size (\d+)/.exec(update.slice(update.lastIndexOf("trailer")))![1])).toBe(highest + 1);

    await expectFinished(finished);
  });

  it("reads a PDF laid out otherwise than Chromium's (an xref stream) whole, with the same result", async () => {
    const printed = await printedPdf({ objectStreams: true });
    const finished = await finishPdf(printed, INFO, { rtl: true });
    expect(Buffer.from(finished.subarray(0, printed.byteLength)).equals(Buffer.from(printed))).toBe(true);
    await expectFinished(finished);
  });

  it("reads the xref table entry by entry, 20 bytes each; a table laid out otherwise is read whole, with the same result", async () => {
    const printed = await printedPdf();
    expect(openPrintedPdf(printed)?.pages()).toHaveLength(2);
    // The same table with 19-byte entries (no space before the end of line): not as the spec and Chromium write it.
    const source = Buffer.from(printed).toString("latin1");
    const xrefAt = source.lastIndexOf("\nxref\n") + 1;
    const odd = new Uint8Array(Buffer.from(source.slice(0, xrefAt) + source.slice(xrefAt).replace(/ ([nf]) \n/g, " $1\n"), "latin1"));
    expect(odd.byteLength).toBeLessThan(printed.byteLength);
    expect(openPrintedPdf(odd)).toBeNull();
    await expectFinished(await finishPdf(odd, INFO, { rtl: true }));
  });

  it("relabels nothing when there is no right-to-left text: the page numbers and the document information only", async () => {
    const printed = await printedPdf();
    const finished = await finishPdf(printed, INFO, { rtl: false });
    const update = Buffer.from(finished.subarray(printed.byteLength)).toString("latin1");
    expect(update.match(/\d+ 0 obj/g)).toHaveLength(1 + 4 + 2 * 2);
    // The page's own stream as printed: not inflated, not replaced.
    expect(update).not.toContain("ReversedChars");
    expect((await PDFDocument.load(finished, { updateMetadata: false })).getTitle()).toBe(INFO.title);
  });
});
