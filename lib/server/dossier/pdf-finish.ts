import "server-only";
import { ParseSpeeds, PDFDocument, PDFName, PDFRef } from "@cantoo/pdf-lib";
import { appendUpdate, setPdfInfo, type PdfInfo } from "./pdf-metadata";
import { openPrintedPdf } from "./pdf-printed";
import { relabelRtlText, type RtlSource } from "./pdf-rtl";
import { stampPageNumbers, type StampSource } from "./pdf-stamp";

// The last step of a printed dossier: "Page X of Y" stamped on every page (pdf-stamp.ts), its
// document information and, when it holds Hebrew or Arabic, its right-to-left text labelled in
// reading order — all in one incremental update.
//
// The file as Chromium prints it is read object by object (pdf-printed.ts): the page tree, and
// with right-to-left text the pages' fonts and content streams — not the ~20,000 objects of a
// tagged 136-page dossier's structure tree. The update holds only what changed: the stamp (its
// font, a stream per page, the page dictionaries), the content streams of the pages with
// right-to-left lines, the ToUnicode CMaps and the Info dictionary. The printed bytes stay as
// Chromium wrote them. (Parsing the whole file with pdf-lib and saving its update took ~1.0–1.7 s
// of a 3 s export, measured 2026-12-01; it remains the way for a file laid out otherwise.)

/** The printed PDF stamped with its page numbers, with its document information and, if `rtl`, its right-to-left text relabelled. */
export async function finishPdf(bytes: Uint8Array, info: PdfInfo, { rtl }: { rtl: boolean }): Promise<Uint8Array> {
  const printed = openPrintedPdf(bytes);
  if (!printed) return finishPdfWhole(bytes, info, { rtl });
  const relabelled = rtl ? await relabelRtlText(printed) : [];
  let next = printed.trailer.size;
  return appendUpdate(bytes, printed.trailer, info, [...relabelled, ...stampPageNumbers(printed, () => PDFRef.of(next++))]);
}

/** The same for any PDF pdf-lib reads: parsed whole, saved as an incremental update (the bench compares the two). */
export async function finishPdfWhole(bytes: Uint8Array, info: PdfInfo, { rtl }: { rtl: boolean }): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, forIncrementalUpdate: true, parseSpeed: ParseSpeeds.Fastest });
  const { context } = doc;
  // pdf-lib's own change tracking is off while we change things: for every set() on a dictionary
  // it searches all the document's objects (20,000 in a 136-page dossier) for the one that holds
  // it. We name what changed instead.
  const snapshot = context.snapshot;
  if (!snapshot) throw new Error("pdf-lib did not prepare an incremental update");
  context.snapshot = undefined;
  const source: RtlSource & StampSource = {
    context,
    lookup: (object) => (object instanceof PDFRef ? context.lookup(object) : object),
    pages: () =>
      doc.getPages().map(({ ref, node }) => ({ ref, node, resources: node.Resources(), mediaBox: node.MediaBox(), contents: node.get(PDFName.of("Contents")) })),
  };
  // New objects (the stamp's) are saved as new; replaced ones are named.
  for (const { ref, object } of [...(rtl ? await relabelRtlText(source) : []), ...stampPageNumbers(source, () => context.nextRef())]) {
    context.assign(ref, object);
    snapshot.markRefForSave(ref);
  }
  setPdfInfo(doc, info);
  const infoRef = context.trailerInfo.Info;
  if (infoRef instanceof PDFRef) snapshot.markRefForSave(infoRef);
  context.snapshot = snapshot;
  // A classic xref section, as Chromium's own and the direct metadata update write.
  const out = await doc.commit({ useObjectStreams: false });
  return withTrailerSize(out, bytes.byteLength, context.largestObjectNumber + 1);
}

/**
 * pdf-lib's incremental trailer says /Size is the highest object number, one short (PDF 32000-1
 * §7.5.5: one more than it; `qpdf --check` warns). Set right in the appended trailer; the xref
 * offsets are unaffected (the trailer comes after the xref section, startxref points before it).
 */
function withTrailerSize(pdf: Uint8Array, updateStart: number, size: number): Uint8Array {
  const update = Buffer.from(pdf.buffer, pdf.byteOffset + updateStart, pdf.byteLength - updateStart).toString("latin1");
  const trailerAt = update.lastIndexOf("trailer");
  const match = trailerAt < 0 ? null : /\/Size (\d+)/.exec(update.slice(trailerAt));
  if (!match || Number(match[1]) >= size) return pdf;
  const fixed = update.slice(0, trailerAt) + update.slice(trailerAt).replace(match[0], `/Size ${size}`);
  const out = new Uint8Array(updateStart + Buffer.byteLength(fixed, "latin1"));
  out.set(pdf.subarray(0, updateStart), 0);
  out.set(Buffer.from(fixed, "latin1"), updateStart);
  return out;
}
