// A PDF's text layer, with pdf.js through unpdf: its serverless build has no native canvas
// dependency, so it runs the same under Node 20 and 22 (and the dossier tests already use it).
// A scanned PDF has no text layer; parseEvidence says so rather than storing an empty document.
import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { EvidenceError, type ParsedFields } from "../types";

/** A PDF date ("D:20261130143000+02'00'") as a Date. */
function pdfDate(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value);
  if (!m) return null;
  const zone = !m[7] || m[7] === "Z" ? "Z" : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, "").slice(3, 5) || "00"}`;
  const date = new Date(`${m[1]}-${m[2] ?? "01"}-${m[3] ?? "01"}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export async function parsePdf(bytes: Uint8Array): Promise<ParsedFields> {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  if (!head.includes("%PDF-")) throw new EvidenceError("This is not a PDF file.");
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { text } = await extractText(pdf, { mergePages: false });
    const { info } = await getMeta(pdf);
    const fields = info as Record<string, unknown>;
    await pdf.destroy();
    const str = (key: string) => (typeof fields[key] === "string" && fields[key] ? (fields[key] as string) : null);
    return {
      body: text.join("\n\n"),
      title: str("Title"),
      byline: str("Author"),
      publishedAt: pdfDate(fields.CreationDate),
      language: str("Language"),
    };
  } catch (error) {
    if (error instanceof EvidenceError) throw error;
    const reason = error instanceof Error && /password/i.test(error.name + error.message) ? " It is password-protected." : "";
    throw new EvidenceError(`This PDF could not be read.${reason} Paste its text instead.`);
  }
}
