import "server-only";
import { ParseSpeeds, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "@cantoo/pdf-lib";

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

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");

/** The incremental update for a file ending in a classic `trailer << … >> startxref N %%EOF`, or null. */
function directUpdate(bytes: Uint8Array, info: PdfInfo): Uint8Array | null {
  // The trailer and startxref are in the last few hundred bytes.
  const tailStart = Math.max(0, bytes.byteLength - 4096);
  const tail = latin1(bytes.subarray(tailStart));
  const end = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!end) return null;
  const prev = Number(end[1]);
  const trailerAt = tail.lastIndexOf("trailer");
  if (trailerAt < 0 || trailerAt > end.index) return null;
  const trailer = tail.slice(trailerAt + "trailer".length, end.index);
  if (/\/Encrypt\b/.test(trailer)) return null;
  const size = /\/Size\s+(\d+)/.exec(trailer);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer);
  if (!size || !root) return null;
  const id = /\/ID\s*(\[[^\]]*\])/.exec(trailer)?.[1];
  const oldInfo = /\/Info\s+(\d+)\s+(\d+)\s+R/.exec(trailer);
  // The old Info dictionary is replaced (same object number) so only one is live; a file with
  // none gets a new object.
  const objectNumber = oldInfo ? Number(oldInfo[1]) : Number(size[1]);
  const generation = oldInfo ? Number(oldInfo[2]) : 0;
  const newSize = Math.max(Number(size[1]), objectNumber + 1);

  const base = bytes.byteLength;
  const separator = latin1(bytes.subarray(base - 1)) === "\n" ? "" : "\n";
  const object =
    `${separator}${objectNumber} ${generation} obj\n<<\n` +
    infoEntries(info)
      .map(([key, value]) => `/${key} ${value}\n`)
      .join("") +
    ">>\nendobj\n";
  const objectOffset = base + separator.length;
  const xrefOffset = base + Buffer.byteLength(object, "latin1");
  const xref = `xref\n${objectNumber} 1\n${String(objectOffset).padStart(10, "0")} ${String(generation).padStart(5, "0")} n\r\n`;
  const newTrailer =
    `trailer\n<<\n/Size ${newSize}\n/Root ${root[1]}\n/Info ${objectNumber} ${generation} R\n` +
    (id ? `/ID ${id}\n` : "") +
    `/Prev ${prev}\n>>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  const update = Buffer.from(object + xref + newTrailer, "latin1");
  const out = new Uint8Array(base + update.byteLength);
  out.set(bytes, 0);
  out.set(update, base);
  return out;
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
