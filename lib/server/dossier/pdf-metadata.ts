import "server-only";
import { ParseSpeeds, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, type PDFObject, type PDFRef } from "@cantoo/pdf-lib";
import { latin1 } from "./pdf-text";

// The document information of a printed dossier (Title, Author, Subject, Keywords, Creator,
// Producer, CreationDate, ModDate), written as an incremental update: the printed bytes stay
// exactly as Chromium wrote them and a new Info dictionary, an xref section naming it and a
// trailer pointing back (/Prev) are appended. Readers take the newest trailer.
//
// Chromium writes a classic xref table and trailer, so the update is appended directly (≈ 1 ms).
// Anything else (an xref stream, an encrypted or unexpected file) goes through pdf-lib's own
// incremental save, which parses the whole document first (≈ 0.4–0.7 s and a blocked event loop
// for a 150-page tagged dossier — the reason for the direct path).

export type PdfInfo = {
  title: string;
  author: string;
  subject?: string;
  keywords?: string[];
  createdAt: Date;
  /** More entries for the Info dictionary, by key (e.g. the dossier's signed checkpoint). */
  custom?: Record<string, string>;
};

export const PDF_CREATOR = "Storydesk";
export const PDF_PRODUCER = "Storydesk (Chromium, pdf-lib)";

function infoEntries(info: PdfInfo): [string, string][] {
  const text = (value: string) => PDFHexString.fromText(value).toString();
  const date = PDFString.fromDate(info.createdAt).toString();
  const entries: [string, string][] = [
    ["Title", text(info.title)],
    ["Author", text(info.author)],
  ];
  if (info.subject) entries.push(["Subject", text(info.subject)]);
  if (info.keywords?.length) entries.push(["Keywords", text(info.keywords.join(" "))]);
  entries.push(["Creator", text(PDF_CREATOR)], ["Producer", text(PDF_PRODUCER)], ["CreationDate", date], ["ModDate", date]);
  for (const [key, value] of Object.entries(info.custom ?? {})) entries.push([key, text(value)]);
  return entries;
}

/** What an incremental update needs of a file's last trailer. */
export type ClassicTrailer = {
  /** Where the file's own xref section starts (the update's /Prev). */
  prev: number;
  size: number;
  /** "N G R" */
  root: string;
  id: string | undefined;
  info: { objectNumber: number; generation: number } | undefined;
};

/** The trailer of a file ending in a classic `trailer << … >> startxref N %%EOF` (Chromium's), or null. */
export function classicTrailer(bytes: Uint8Array): ClassicTrailer | null {
  // The trailer and startxref are in the last few hundred bytes.
  const tailStart = Math.max(0, bytes.byteLength - 4096);
  const tail = latin1(bytes.subarray(tailStart));
  const end = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!end) return null;
  const trailerAt = tail.lastIndexOf("trailer");
  if (trailerAt < 0 || trailerAt > end.index) return null;
  const trailer = tail.slice(trailerAt + "trailer".length, end.index);
  if (/\/Encrypt\b/.test(trailer)) return null;
  const size = /\/Size\s+(\d+)/.exec(trailer);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer);
  if (!size || !root) return null;
  const oldInfo = /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(trailer);
  return {
    prev: Number(end[1]),
    size: Number(size[1]),
    root: root[1]!,
    id: /\/ID\s*(\[[^\]]*\])/.exec(trailer)?.[1],
    info: oldInfo ? { objectNumber: Number(oldInfo[1]), generation: Number(oldInfo[2]) } : undefined,
  };
}

/** An object of an update: a pdf-lib object written under a number the file already has (it replaces it). */
export type UpdatedObject = { ref: PDFRef; object: PDFObject };

/**
 * One incremental update appended to `bytes`: `objects`, the new Info dictionary, an xref
 * section naming them and a trailer pointing back (/Prev). Nothing is parsed.
 */
export function appendUpdate(bytes: Uint8Array, trailer: ClassicTrailer, info: PdfInfo, objects: UpdatedObject[] = []): Uint8Array {
  // The old Info dictionary is replaced (same object number) so only one is live; a file with
  // none gets a new object.
  const infoNumber = trailer.info?.objectNumber ?? Math.max(trailer.size, ...objects.map(({ ref }) => ref.objectNumber + 1));
  const infoGeneration = trailer.info?.generation ?? 0;
  const base = bytes.byteLength;
  const parts: Uint8Array[] = [];
  let offset = base;
  const entries: { objectNumber: number; generation: number; offset: number }[] = [];
  const push = (part: Uint8Array) => {
    parts.push(part);
    offset += part.byteLength;
  };
  if (latin1(bytes.subarray(base - 1)) !== "\n") push(Buffer.from("\n", "latin1"));
  for (const { ref, object } of objects) {
    entries.push({ objectNumber: ref.objectNumber, generation: ref.generationNumber, offset });
    const body = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(body, 0);
    push(Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, "latin1"));
    push(body);
    push(Buffer.from("\nendobj\n", "latin1"));
  }
  entries.push({ objectNumber: infoNumber, generation: infoGeneration, offset });
  push(
    Buffer.from(
      `${infoNumber} ${infoGeneration} obj\n<<\n` +
        infoEntries(info)
          .map(([key, value]) => `/${key} ${value}\n`)
          .join("") +
        ">>\nendobj\n",
      "latin1",
    ),
  );
  const xrefOffset = offset;
  // One subsection per object: valid, and the update holds a handful of them.
  const xref =
    "xref\n" +
    entries
      .sort((a, b) => a.objectNumber - b.objectNumber)
      .map((entry) => `${entry.objectNumber} 1\n${String(entry.offset).padStart(10, "0")} ${String(entry.generation).padStart(5, "0")} n\r\n`)
      .join("");
  // One more than the highest object number (PDF 32000-1 §7.5.5).
  const size = Math.max(trailer.size, ...entries.map((entry) => entry.objectNumber + 1));
  const newTrailer =
    `trailer\n<<\n/Size ${size}\n/Root ${trailer.root}\n/Info ${infoNumber} ${infoGeneration} R\n` +
    (trailer.id ? `/ID ${trailer.id}\n` : "") +
    `/Prev ${trailer.prev}\n>>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  push(Buffer.from(xref + newTrailer, "latin1"));
  const out = new Uint8Array(offset);
  out.set(bytes, 0);
  let at = base;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The incremental update for a file ending in a classic trailer, or null. */
function directUpdate(bytes: Uint8Array, info: PdfInfo): Uint8Array | null {
  const trailer = classicTrailer(bytes);
  return trailer ? appendUpdate(bytes, trailer, info) : null;
}

/** Sets the document information of a loaded PDF (marked for its next incremental save). */
export function setPdfInfo(doc: PDFDocument, info: PdfInfo): void {
  doc.setTitle(info.title);
  doc.setAuthor(info.author);
  if (info.subject) doc.setSubject(info.subject);
  if (info.keywords?.length) doc.setKeywords(info.keywords);
  doc.setCreator(PDF_CREATOR);
  doc.setProducer(PDF_PRODUCER);
  doc.setCreationDate(info.createdAt);
  doc.setModificationDate(info.createdAt);
  // setTitle() and the like made the Info dictionary; pdf-lib has no public setter for other keys.
  const infoDict = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  for (const [key, value] of Object.entries(info.custom ?? {})) infoDict.set(PDFName.of(key), PDFHexString.fromText(value));
}

/** pdf-lib's incremental save: any PDF it can read, at the cost of parsing all of it. */
async function pdfLibUpdate(bytes: Uint8Array, info: PdfInfo): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, forIncrementalUpdate: true, parseSpeed: ParseSpeeds.Fastest });
  setPdfInfo(doc, info);
  return doc.commit();
}

/** Reads one Info entry of a PDF (the newest Info dictionary), or null. Parses the whole file. */
export async function readPdfInfoEntry(bytes: Uint8Array, key: string): Promise<string | null> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, parseSpeed: ParseSpeeds.Fastest });
  const info = doc.context.trailerInfo.Info ? doc.context.lookup(doc.context.trailerInfo.Info) : undefined;
  if (!(info instanceof PDFDict)) return null;
  const value = info.lookup(PDFName.of(key));
  return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : null;
}

/** The PDF with its document information set to `info` (an incremental update; see above). */
export async function setPdfMetadata(bytes: Uint8Array, info: PdfInfo, options: { force?: "direct" | "pdf-lib" } = {}): Promise<Uint8Array> {
  if (options.force !== "pdf-lib") {
    const direct = directUpdate(bytes, info);
    if (direct) return direct;
    if (options.force === "direct") throw new Error("This PDF does not end in a classic trailer");
  }
  return pdfLibUpdate(bytes, info);
}
