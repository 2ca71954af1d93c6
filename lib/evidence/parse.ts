// One parser for every kind of evidence a desk receives: pasted text, a web page (HTML), an
// e-mail (.eml), a PDF's text layer, an agency's IPTC NINJS item. Each becomes plain text
// (NFC, paragraphs separated by a blank line) plus what the file says about itself.
import { directionOf, directionOfLanguage, languageOfScript } from "@/lib/bidi";
import { parseHtml } from "./formats/html";
import { parseEml } from "./formats/eml";
import { parsePdf } from "./formats/pdf";
import { parseNinjs } from "./formats/ninjs";
import { EvidenceError, EVIDENCE_LIMITS, type EvidenceFormat, type EvidenceInput, type ParsedEvidence, type ParsedFields } from "./types";

export { EvidenceError, EVIDENCE_LIMITS };
export type { EvidenceFormat, EvidenceInput, ParsedEvidence };

/** Plain text as the desk stores it: NFC, \n line ends, no trailing spaces, paragraphs one blank line apart. */
export function normaliseText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\t ]+\n/g, "\n")
    .split(/\n[ \t\u00a0]*\n\s*/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .join("\n\n");
}

function formatOf(input: EvidenceInput, text: string | null): EvidenceFormat {
  const name = input.filename?.toLowerCase() ?? "";
  const mime = input.mimeType?.toLowerCase().split(";")[0]?.trim() ?? "";
  if (mime === "application/pdf" || name.endsWith(".pdf")) return "pdf";
  if (mime === "message/rfc822" || name.endsWith(".eml")) return "eml";
  if (mime === "text/html" || mime === "application/xhtml+xml" || /\.x?html?$/.test(name)) return "html";
  if (mime === "application/json" || mime === "application/ninjs+json" || name.endsWith(".json")) return "ninjs";
  if (text === null) return "text";
  const head = text.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith("{")) return "ninjs";
  if (head.startsWith("<!doctype html") || head.startsWith("<html") || /^<(body|article|div|p)[\s>]/.test(head)) return "html";
  return "text";
}

/** The start of a file as text, to tell HTML and JSON from plain text when nothing else says. */
function decodeHead(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes.subarray(0, 512));
}

function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

/** A file's text: UTF-8 (or UTF-16 with its byte-order mark); a web page in the charset its <meta> names (windows-1255, windows-1256…). */
function decode(bytes: Uint8Array, format: EvidenceFormat): string {
  let label = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
  if (format === "html" && label === "utf-8") {
    const declared = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(new TextDecoder("latin1").decode(bytes.subarray(0, 2_048)))?.[1];
    if (declared) label = declared.toLowerCase();
  }
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    throw new EvidenceError(`This file is not ${label === "utf-8" ? "UTF-8" : `valid ${label}`} text. Save it as UTF-8, or paste its text.`);
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;

function tooLarge(size: number, limit: number): EvidenceError {
  return new EvidenceError(`This document is ${megabytes(size)}; the desk takes up to ${megabytes(limit)}. Split it, or add the part you need.`);
}

/** Reads one piece of evidence. Throws EvidenceError (a message for the user) when it cannot. */
export async function parseEvidence(input: EvidenceInput): Promise<ParsedEvidence> {
  // The size first: a 10 MB paste is refused before anything parses it.
  const utf8 = (text: string) => new TextEncoder().encode(text).byteLength;
  const size = input.bytes ? input.bytes.byteLength : utf8(input.text ?? "");
  const format = formatOf(input, input.text ?? (input.bytes ? decodeHead(input.bytes) : null));
  const limit = input.bytes && (format === "pdf" || format === "eml") ? EVIDENCE_LIMITS.maxFileBytes : EVIDENCE_LIMITS.maxBytes;
  if (size > limit) throw tooLarge(size, limit);
  if (size === 0 || (input.text !== undefined && !input.text.trim())) throw new EvidenceError("There is nothing to add: the document is empty.");
  // PDF and e-mail files go to their parsers as bytes: they say their own encodings inside.
  const text = input.text ?? (format === "pdf" || format === "eml" ? null : decode(input.bytes!, format));

  let fields: ParsedFields;
  if (format === "pdf") fields = await parsePdf(input.bytes ?? new TextEncoder().encode(text!));
  else if (format === "eml") fields = await parseEml(text ?? input.bytes!);
  else if (format === "html") fields = parseHtml(text!);
  else if (format === "ninjs") fields = parseNinjs(text!);
  else fields = { body: text! };

  const body = normaliseText(fields.body);
  if (utf8(body) > EVIDENCE_LIMITS.maxBytes) throw tooLarge(utf8(body), EVIDENCE_LIMITS.maxBytes);
  if (!body) throw new EvidenceError(format === "pdf" ? "This PDF has no text layer (it may be a scan). Paste its text instead." : "The document has no text.");
  const words = countWords(body);
  if (words > EVIDENCE_LIMITS.maxWords) {
    throw new EvidenceError(`This document has ${words.toLocaleString("en")} words; the desk takes up to ${EVIDENCE_LIMITS.maxWords.toLocaleString("en")}. Split it, or add the part you need.`);
  }
  // The file's own language tag first; else the script's (Hebrew, Arabic…; Latin says nothing).
  const language = fields.language?.trim() || languageOfScript(body.slice(0, 20_000));
  const firstLine = body.split("\n", 1)[0]!;
  return {
    format,
    title: (fields.title?.trim() || (firstLine.length > 120 ? `${firstLine.slice(0, 117)}…` : firstLine)).normalize("NFC"),
    body,
    origin: fields.origin?.trim() || null,
    byline: fields.byline?.trim() || null,
    url: fields.url?.trim() || null,
    publishedAt: fields.publishedAt && !Number.isNaN(fields.publishedAt.getTime()) ? fields.publishedAt : null,
    language,
    direction: language ? directionOfLanguage(language) : (directionOf(body) ?? "ltr"),
    item: fields.item ?? null,
  };
}
