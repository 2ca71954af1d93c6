import { PDFDocument } from "@cantoo/pdf-lib";
import { describe, expect, it } from "vitest";
import { setPdfMetadata, type PdfInfo } from "./pdf-metadata";

const INFO: PdfInfo = {
  title: "תיק: Harbour tender — مرحبا",
  author: "Ana Editor",
  subject: "Story dossier",
  keywords: ["harbour", "tender"],
  createdAt: new Date("2026-03-01T10:15:30Z"),
};

async function samplePdf(useObjectStreams: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle("Old title");
  doc.setProducer("Skia/PDF");
  doc.addPage([595, 842]).drawText("Hello");
  doc.addPage([595, 842]);
  return doc.save({ useObjectStreams });
}

async function readBack(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return {
    pages: doc.getPageCount(),
    title: doc.getTitle(),
    author: doc.getAuthor(),
    subject: doc.getSubject(),
    keywords: doc.getKeywords(),
    creator: doc.getCreator(),
    producer: doc.getProducer(),
    created: doc.getCreationDate()?.toISOString(),
    modified: doc.getModificationDate()?.toISOString(),
  };
}

const EXPECTED = {
  pages: 2,
  title: INFO.title,
  author: "Ana Editor",
  subject: "Story dossier",
  keywords: "harbour tender",
  creator: "Storydesk",
  producer: "Storydesk (Chromium, pdf-lib)",
  created: "2026-03-01T10:15:30.000Z",
  modified: "2026-03-01T10:15:30.000Z",
};

describe("setPdfMetadata", () => {
  it("appends the document information to a PDF with a classic trailer (Chromium's), keeping its bytes", async () => {
    const original = await samplePdf(false);
    const updated = await setPdfMetadata(original, INFO, { force: "direct" });
    expect(Buffer.from(updated.subarray(0, original.byteLength)).equals(Buffer.from(original))).toBe(true);
    expect(updated.byteLength - original.byteLength).toBeLessThan(2_000);
    expect(await readBack(updated)).toEqual(EXPECTED);

    // The offsets are exact (readers that trust the xref, not only those that scan): startxref
    // points at the new section, whose one entry points at the new Info object, and /Prev at
    // the original section.
    const text = Buffer.from(updated).toString("latin1");
    const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
    const section = /^xref\n(\d+) 1\n(\d{10}) (\d{5}) n\r\ntrailer\n<<([\s\S]*?)>>/.exec(text.slice(startxref))!;
    expect(section).not.toBeNull();
    const [, objectNumber, offset, generation, trailer] = section;
    expect(text.slice(Number(offset), Number(offset) + 20)).toMatch(new RegExp(`^${Number(objectNumber)} ${Number(generation)} obj\n`));
    expect(trailer).toContain(`/Info ${Number(objectNumber)} ${Number(generation)} R`);
    const previous = Number(/\/Prev (\d+)/.exec(trailer!)![1]);
    expect(Buffer.from(original).toString("latin1").lastIndexOf("startxref")).toBeGreaterThan(previous);
    expect(text.slice(previous, previous + 4)).toBe("xref");
  });

  it("can be applied again: the newest update wins", async () => {
    const once = await setPdfMetadata(await samplePdf(false), INFO);
    const twice = await setPdfMetadata(once, { ...INFO, title: "Second" });
    expect((await readBack(twice)).title).toBe("Second");
  });

  it("falls back to pdf-lib for a PDF with a cross-reference stream", async () => {
    const original = await samplePdf(true);
    await expect(setPdfMetadata(original, INFO, { force: "direct" })).rejects.toThrow(/classic trailer/);
    expect(await readBack(await setPdfMetadata(original, INFO))).toEqual(EXPECTED);
  });
});
