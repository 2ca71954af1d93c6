import type { RichTextDoc } from "@/lib/rich-text";
import type { DossierProfile, DossierSection } from "@/lib/validations/dossier";
import type { TimePrecisionValue } from "@/lib/approximate-date";

// The dossier: everything an export contains, as plain data. The JSON export IS this object
// (documented in README → "Dossier JSON"); the PDF (through HTML) and Markdown are renderings
// of it. Times are ISO 8601 in UTC, with a `…Label` in the exporter's time zone where a person
// reads them. Every string in it has passed the exporter's access and redaction: a renderer
// never needs to decide what may be shown.

export const DOSSIER_FORMAT = "storydesk-dossier";
export const DOSSIER_VERSION = 1;

export type RichText = { doc: RichTextDoc; text: string };

export type DossierSource = {
  id: string;
  /** The name, or the alias ("Confidential source A") when redacted. */
  name: string;
  alias: string | null;
  identityRedacted: boolean;
  kind: string;
  affiliation: string | null;
  protection: string;
  reliability: string;
  link: string;
  /** Only in an unredacted export by a lead. */
  contact: string | null;
  notes: RichText;
  quoteCount: number;
};

export type DossierQuote = {
  id: string;
  text: string;
  language: string;
  /** "rtl" for Hebrew, Arabic and the like. */
  direction: "ltr" | "rtl";
  saidAt: string | null;
  saidAtLabel: string | null;
  medium: string;
  link: string;
  verification: string;
  use: string;
  notes: RichText;
  /** Where the words came from (issue 17); absent for a quote logged by hand. */
  provenance?: DossierProvenance;
};

/** A W3C Web Annotation (https://www.w3.org/TR/annotation-model/) of a passage of one of the story's documents. */
export type WebAnnotation = {
  type: "Annotation";
  target: {
    source: string;
    selector: [{ type: "TextQuoteSelector"; exact: string; prefix: string; suffix: string }, { type: "TextPositionSelector"; start: number; end: number }];
  };
};
export type DossierProvenance = { document: string; documentId: string; paragraph: number; status: string; annotation: WebAnnotation };

/** A document of the story's evidence: where it came from, when, and the hashes that pin it. */
export type DossierDocument = {
  id: string;
  title: string;
  origin: string;
  byline: string;
  url: string;
  format: string;
  language: string;
  publishedAt: string | null;
  publishedLabel: string | null;
  receivedAt: string;
  receivedLabel: string;
  sha256: string;
  bodySha256: string;
  itemGuid: string | null;
  itemVersion: string | null;
  /** The take it replaces, by title. */
  replaces: string | null;
};

export type DossierClaim = {
  id: string;
  detail: string;
  kind: string;
  status: string;
  reason: string;
  versions: { document: string; text: string; at: string | null; annotation: WebAnnotation }[];
};

export type DossierAssignment = { title: string; assignee: string; dueAt: string | null; dueLabel: string | null; status: string; overdue: boolean };

export type DossierQuestion = {
  id: string;
  text: string;
  whyItMatters: string;
  priority: string;
  status: string;
  answer: RichText;
  answeredBy: string[];
  /** Who is chasing it: its open follow-ups. */
  assignments: DossierAssignment[];
};

export type DossierFollowUp = DossierAssignment & {
  id: string;
  details: string;
  assignedBy: string;
  priority: string;
  response: string;
  responseNote: string;
  completionNote: string;
  about: string | null;
};

export type DossierEvent = { id: string; at: string; atLabel: string; precision: TimePrecisionValue; what: string; sources: string[] };

export type DossierChange = {
  seq: number;
  at: string;
  atLabel: string;
  actor: string;
  action: string;
  entityType: string;
  label: string;
  fields: string[];
  reason: string | null;
  /** Legal review only: the revision's hash in the chain. */
  hash?: string;
};

export type DossierComment = { author: string; at: string; atLabel: string; body: string; resolved: boolean };

/**
 * The desk's signed checkpoint of the revision a dossier shows, made when it was exported: a
 * C2SP signed note (lib/server/ledger/checkpoint-note.ts). Whoever holds the copy can check the
 * signature with the desk's verifier key, and the ledger still holds it (Verify a copy).
 */
export type DossierCheckpoint = {
  /** The signed note, exactly as signed. */
  note: string;
  /** The desk's verifier key (compare it with the one the desk publishes). */
  verifierKey: string;
  revision: number;
  headHash: string;
  signedAt: string;
  signedAtLabel: string;
};

export type Dossier = {
  format: typeof DOSSIER_FORMAT;
  version: typeof DOSSIER_VERSION;
  story: { id: string; slug: string; title: string; summary: string; status: string };
  generated: { at: string; atLabel: string; by: string; timeZone: string };
  asOf: { at: string; atLabel: string; revision: number; now: boolean };
  profile: DossierProfile;
  profileLabel: string;
  redaction: { redacted: boolean; statement: string };
  sections: DossierSection[];
  summary?: RichText;
  facts?: { label: string; value: string }[];
  timeline?: DossierEvent[];
  sources?: DossierSource[];
  quotes?: { speaker: string; speakerId: string; quotes: DossierQuote[] }[];
  questions?: DossierQuestion[];
  evidence?: DossierDocument[];
  disagreements?: DossierClaim[];
  followUps?: DossierFollowUp[];
  comments?: { entryType: string; entryLabel: string; comments: DossierComment[] }[];
  changes?: { since: string; sinceLabel: string; total: number; truncated: boolean; entries: DossierChange[] };
  verification?: { chainHeadSeq: number; chainHeadHash: string | null; command: string; explanation: string };
  /** Added on export (sign.ts); absent in a preview built without one. */
  checkpoint?: DossierCheckpoint;
  /** Why the export could not be signed (the ledger contradicts an earlier checkpoint). */
  unsigned?: string;
};
