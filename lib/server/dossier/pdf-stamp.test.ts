import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, type PDFObject } from "@cantoo/pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { finishPdf } from "./pdf-finish";
import type { PdfInfo } from "./pdf-metadata";
import { openPrintedPdf } from "./pdf-printed";
import { chromiumPage, footerText, stampContent, stampPageNumbers } from "./pdf-stamp";
import { STAMP_FONT_NAME } from "./pdf-stamp-font";

const INFO: PdfInfo = { title: "Harbour tender", author: "Ana Editor", createdAt: new Date("2026-03-01T10:15:30Z") };
/** The page Chromium prints (A4 at 96 CSS px per inch). */
const A4 = [0, 0, 595.91998, 842.88] as const;

const text = (stream: PDFObject | undefined) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString("latin1");

/**
 * Four pages as Chromium would not all print them: page 1 with /Contents one stream and its own
 * resources (a font already named SDPageNo among them), page 2 with /Contents an array, pages 3
 * and 4 under a /Pages node that gives them their resources and media box (inherited).
 */
async function fourPages({ objectStreams = false } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const { context } = doc;
  const font = (name: string) => context.register(context.obj({ Type: "Font", Subtype: "Type1", BaseFont: name }));
  const stream = (content: string) => context.register(context.stream(content));
  const page1 = doc.addPage([...A4.slice(2)] as [number, number]);
  page1.node.set(PDFName.of("Resources"), context.obj({ Font: { F1: font("Helvetica"), SDPageNo: font("Courier") } }));
  page1.node.set(PDFName.of("Contents"), stream(".24 0 0 -.24 0 842.88 cm\nBT /F1 12 Tf 100 100 Td (one) Tj ET"));
  const page2 = doc.addPage([...A4.slice(2)] as [number, number]);
  page2.node.set(PDFName.of("Resources"), context.obj({ Font: { F1: font("Helvetica") } }));
  page2.node.set(PDFName.of("Contents"), context.obj([stream("BT /F1 12 Tf 100 100 Td (two) Tj ET"), stream("BT /F1 12 Tf 100 80 Td (more) Tj ET")]));
  // Pages 3 and 4: a /Pages node of their own with /Resources and /MediaBox; the pages have neither.
  const root = doc.catalog.Pages();
  const inheritedFont = font("Times-Roman");
  const middle = context.obj({ Type: "Pages", Parent: doc.catalog.get(PDFName.of("Pages")), Kids: [], Count: 2, MediaBox: [0, 0, 420, 595], Resources: { Font: { F9: inheritedFont } } });
  const middleRef = context.register(middle);
  for (const word of ["three", "four"]) {
    const leaf = context.register(context.obj({ Type: "Page", Parent: middleRef, Contents: stream(`BT /F9 12 Tf 100 100 Td (${word}) Tj ET`) }));
    (middle.get(PDFName.of("Kids")) as PDFArray).push(leaf);
  }
  root.Kids().push(middleRef);
  root.set(PDFName.of("Count"), PDFNumber.of(4));
  return doc.save({ useObjectStreams: objectStreams });
}

describe("stampContent", () => {
  it("draws the footer centred, each glyph at Chromium's whole-pixel advances, as a pagination artifact in default user space", () => {
    // Noto Sans advances (per 1000): P 605, a 561, g 615, e 564, space 260, digits 572, o 605, f 344;
    // at 8 px rounded to 5, 4, 5, 5, 2, 5, 5, 3 px: TJ moves each back by the difference.
    expect(stampContent(footerText(3, 12), A4, "SDPageNo")).toBe(
      [
        "Q",
        "q",
        "/Artifact <</Type /Pagination /Subtype /Footer >>BDC",
        ".4 .4 .4 rg",
        "BT",
        "/SDPageNo 6 Tf",
        // 48 px wide = 36 pt: centred on 595.92 pt; the baseline 17.13 pt up.
        "1 0 0 1 279.96 17.13 Tm",
        "[(P)-20(a)61(g)-10(e)-61( )10(3)-53( )10(o)-20(f)-31( )10(1)-53(2)] TJ",
        "ET",
        "EMC",
        "Q",
        "",
      ].join("\n"),
    );
    // Another page size and origin: centred on its own box.
    expect(stampContent(footerText(3, 12), [10, 20, 430, 615], "X")).toContain("1 0 0 1 202 37.13 Tm");
    expect(() => stampContent("Seite 3", A4, "X")).toThrow(/no glyph for "S"/);
  });
});

describe("finishPdf's page numbers", () => {
  for (const objectStreams of [false, true]) {
    it(`stamps "Page i of N" on every page, its own content wrapped in q … Q (${objectStreams ? "read whole by pdf-lib" : "read as Chromium writes it"})`, async () => {
      const printed = await fourPages({ objectStreams });
      const finished = await finishPdf(printed, INFO, { rtl: false });
      // An incremental update: the printed bytes as they were.
      expect(Buffer.from(finished.subarray(0, printed.byteLength)).equals(Buffer.from(printed))).toBe(true);

      const before = await PDFDocument.load(printed, { updateMetadata: false });
      const doc = await PDFDocument.load(finished, { updateMetadata: false });
      const pages = doc.getPages();
      expect(pages).toHaveLength(4);
      const boxes = [A4, A4, [0, 0, 420, 595], [0, 0, 420, 595]];
      let stampFontRef: PDFObject | undefined;
      pages.forEach((page, i) => {
        const contents = page.node.get(PDFName.of("Contents"));
        expect(contents).toBeInstanceOf(PDFArray);
        const refs = (contents as PDFArray).asArray();
        // [q, the page's own streams…, the stamp]
        const own = before.getPages()[i]!.node.get(PDFName.of("Contents"))!;
        const ownRefs = own instanceof PDFArray ? own.asArray() : [own];
        expect(refs.slice(1, -1).map(String)).toEqual(ownRefs.map(String));
        expect(text(doc.context.lookup(refs[0]))).toBe("q\n");
        const fontName = i === 0 ? "SDPageNo1" : "SDPageNo";
        expect(text(doc.context.lookup(refs.at(-1)))).toBe(stampContent(footerText(i + 1, 4), boxes[i]!, fontName));

        // The resources made direct on the page: its own (or inherited) fonts and the stamp font.
        const fonts = page.node.Resources()!.lookup(PDFName.of("Font"), PDFDict);
        const names = fonts.keys().map(String);
        expect(names).toEqual(expect.arrayContaining(i === 0 ? ["/F1", "/SDPageNo", "/SDPageNo1"] : i === 1 ? ["/F1", "/SDPageNo"] : ["/F9", "/SDPageNo"]));
        stampFontRef ??= fonts.get(PDFName.of(fontName));
        expect(String(fonts.get(PDFName.of(fontName)))).toBe(String(stampFontRef));
      });

      // One font for the file: an embedded, subset simple TrueType font with the font's widths.
      const font = doc.context.lookup(stampFontRef, PDFDict);
      expect(String(font.get(PDFName.of("Subtype")))).toBe("/TrueType");
      expect(String(font.get(PDFName.of("BaseFont")))).toBe(`/${STAMP_FONT_NAME}`);
      expect(String(font.get(PDFName.of("Encoding")))).toBe("/WinAnsiEncoding");
      const [first, last] = ["FirstChar", "LastChar"].map((key) => font.lookup(PDFName.of(key), PDFNumber).asNumber()) as [number, number];
      const widths = font.lookup(PDFName.of("Widths"), PDFArray).asArray().map((width) => (width as PDFNumber).asNumber());
      expect(widths).toHaveLength(last - first + 1);
      expect(["P", "a", " ", "0", "9"].map((c) => widths[c.charCodeAt(0) - first])).toEqual([605, 561, 260, 572, 572]);
      const descriptor = font.lookup(PDFName.of("FontDescriptor"), PDFDict);
      const fontFile = doc.context.lookup(descriptor.get(PDFName.of("FontFile2"))) as PDFRawStream;
      expect(fontFile).toBeInstanceOf(PDFRawStream);
      const ttf = decodePDFRawStream(fontFile).decode();
      expect(fontFile.dict.lookup(PDFName.of("Length1"), PDFNumber).asNumber()).toBe(ttf.byteLength);
      expect(Buffer.from(ttf.subarray(0, 4)).toString("hex")).toBe("00010000");

      // The text reads back, page by page (pdf.js), after the page's own.
      const { text: read } = await extractText(await getDocumentProxy(new Uint8Array(finished)), { mergePages: false });
      expect(read).toEqual(["one Page 1 of 4", "two more Page 2 of 4", "three Page 3 of 4", "four Page 4 of 4"].map((line) => expect.stringMatching(new RegExp(`^${line.replace(/ /g, "\\s+")}$`))));
    });
  }

  it("allocates the new objects above the file's own, and says so in /Size", async () => {
    const printed = await fourPages();
    const finished = await finishPdf(printed, INFO, { rtl: false });
    const update = Buffer.from(finished.subarray(printed.byteLength)).toString("latin1");
    const size = Number(/\/Size (\d+)/.exec(Buffer.from(printed).toString("latin1").slice(-300))![1]);
    const numbers = [...update.matchAll(/(\d+) 0 obj/g)].map((m) => Number(m[1]));
    // The font (3), "q" (1), per page a stamp and the page (8), the Info dictionary.
    expect(numbers).toHaveLength(13);
    expect(numbers.filter((n) => n >= size)).toHaveLength(4 + 4);
    expect(Number(/\/Size (\d+)/.exec(update.slice(update.lastIndexOf("trailer")))![1])).toBe(Math.max(size, ...numbers) + 1);
  });
});

describe("a page as Chromium writes it, rewritten as text", () => {
  // Page 2 of the bench's print, as Chromium 140 wrote it.
  const CHROMIUM = "<</Type /Page\n/Resources <</ProcSet [/PDF /Text /ImageB /ImageC /ImageI]\n/ExtGState <</G3 3 0 R>>\n/Font <</F4 4 0 R\n/F6 6 0 R>>>>\n/MediaBox [0 0 595.91998 842.88]\n/Contents 28 0 R\n/StructParents 1\n/Tabs /S\n/Parent 480 0 R>>";

  it("is recognised; any other layout is left to the parser", () => {
    expect(chromiumPage(CHROMIUM)).toEqual({ mediaBox: [...A4], contents: { at: CHROMIUM.indexOf("/Contents"), length: "/Contents 28 0 R".length, ref: PDFRef.of(28) }, fontsEnd: CHROMIUM.indexOf("/F4") });
    for (const other of [
      CHROMIUM.replace("/Contents 28 0 R", "/Contents [28 0 R 29 0 R]"),
      CHROMIUM.replace(/\/Resources <<.*>>>>\n/s, "/Resources 9 0 R\n"),
      CHROMIUM.replace(/\/Resources <<.*>>>>\n/s, ""),
      CHROMIUM.replace("/F6 6 0 R", "/SDPageNo 6 0 R"),
      CHROMIUM.replace("/Font <<", "/Font 12 0 R /X <<"),
      CHROMIUM.replace("/MediaBox [0 0 595.91998 842.88]\n", ""),
      CHROMIUM.replace("/Tabs /S", "/Tabs /S /AA <</Contents 3 0 R>>"),
    ]) {
      expect(chromiumPage(other)).toBeNull();
    }
  });

  it("gives the same page dictionaries as parsing them", async () => {
    const doc = await PDFDocument.create();
    const { context } = doc;
    const font = context.register(context.obj({ Type: "Font", Subtype: "Type1", BaseFont: "Helvetica" }));
    for (const word of ["one", "two", "three"]) {
      const page = doc.addPage([...A4.slice(2)] as [number, number]);
      page.node.set(PDFName.of("Resources"), context.obj({ ProcSet: ["PDF", "Text"], Font: { F4: font } }));
      page.node.set(PDFName.of("Contents"), context.register(context.stream(`BT /F4 12 Tf 100 100 Td (${word}) Tj ET`)));
    }
    const printed = openPrintedPdf(await doc.save({ useObjectStreams: false }))!;
    expect(printed.pageTexts().map(({ text }) => chromiumPage(text))).not.toContain(null);
    const stamped = (source: Parameters<typeof stampPageNumbers>[0]) => {
      let next = printed.trailer.size;
      const pages = new Map(printed.pages().map(({ ref }) => [ref.toString(), ref]));
      return stampPageNumbers(source, () => PDFRef.of(next++))
        .filter(({ ref }) => pages.has(ref.toString()))
        .map(({ ref, object }) => {
          const dict = PDFObjectParser.forBytes(Buffer.from(object.toString(), "latin1"), context).parseObject() as PDFDict;
          const fonts = dict.lookup(PDFName.of("Resources"), PDFDict).lookup(PDFName.of("Font"), PDFDict);
          return { ref: ref.toString(), entries: dict.entries().map(([key, value]) => `${key.toString()} ${value instanceof PDFDict ? "" : value.toString()}`).sort(), fonts: fonts.entries().map(String).sort() };
        });
    };
    const asText = stamped(printed);
    const parsed = stamped({ context: printed.context, lookup: printed.lookup, pages: printed.pages });
    expect(asText).toHaveLength(3);
    expect(asText).toEqual(parsed);
    // [q, the page's own stream, its stamp]: the font's three objects, then "q", then the stamps.
    const [q, own, stamp] = [printed.trailer.size + 3, printed.pages()[0]!.contents!.toString(), printed.trailer.size + 4];
    expect(asText[0]!.entries).toContain(`/Contents [ ${q} 0 R ${own} ${stamp} 0 R ]`);
  });
});

