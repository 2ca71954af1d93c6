// The shapes parseEvidence returns, shared by the parser of each format.

export type EvidenceFormat = "text" | "html" | "eml" | "pdf" | "ninjs";

export type EvidenceItem = { guid: string; version: string | null; rewriteOf: string | null; associations: { name: string; guid: string }[] };

export type ParsedEvidence = {
  format: EvidenceFormat;
  title: string;
  /** Plain text, NFC, paragraphs separated by "\n\n": what anchors' offsets count in. */
  body: string;
  origin: string | null;
  byline: string | null;
  url: string | null;
  publishedAt: Date | null;
  language: string | null;
  direction: "ltr" | "rtl";
  /** The item's identity where the format has one (NINJS guid/uri, an e-mail's Message-ID). */
  item: EvidenceItem | null;
};

export type EvidenceInput = { text?: string; bytes?: Uint8Array; filename?: string; mimeType?: string };

/** What one format's parser found; parseEvidence normalises it and fills the rest. */
export type ParsedFields = {
  body: string;
  title?: string | null;
  origin?: string | null;
  byline?: string | null;
  url?: string | null;
  publishedAt?: Date | null;
  language?: string | null;
  item?: EvidenceItem | null;
};

/** A problem with the document the user gave; the message is for them (clear, never internal). */
export class EvidenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvidenceError";
  }
}

/**
 * Text (a paste, .txt, .html, NINJS .json, and the text taken out of any file): 2 MB and 100,000
 * words. A long wire story is ~1,000 words, a long report's text ~50,000; past that the viewer
 * and the quote proposals stop being instant, and it is not one document. PDF and e-mail files
 * may be larger (fonts, images, attachments: `maxFileBytes`, 20 MB); their text is held to the same limits.
 */
export const EVIDENCE_LIMITS: { maxBytes: number; maxWords: number; maxFileBytes: number } = {
  maxBytes: 2 * 1024 * 1024,
  maxWords: 100_000,
  maxFileBytes: 20 * 1024 * 1024,
};
