import "server-only";
import { checkpointNotesIn } from "@/lib/server/ledger/checkpoint-note";
import { manifestInMarkdown, parseManifest, PDF_MANIFEST_KEY, type DossierManifest } from "./manifest";
import { pdfWithinLimits } from "./pdf-guard";
import { readPdfInfoEntry } from "./pdf-metadata";
import { DOSSIER_FORMAT } from "./types";

// Reading a dossier someone holds (PDF, JSON or Markdown, as exported): what it says about
// itself (its manifest: story, revision, options), its signed checkpoint, and its content in
// the form Verify a copy compares. Nothing here trusts the copy: it is only read.

export type CopyFormat = "pdf" | "json" | "md";

export type DossierCopy =
  | {
      ok: true;
      format: CopyFormat;
      manifest: DossierManifest;
      /** The signed checkpoint the copy carries, as found in it. */
      checkpointNote: string | null;
      /** JSON: the parsed document; Markdown: the text; PDF: the bytes. */
      json?: Record<string, unknown>;
      text?: string;
      bytes: Uint8Array;
    }
  | { ok: false; message: string };

const NOT_A_DOSSIER = "This file is not a Storydesk dossier: upload a PDF, JSON or Markdown dossier as Storydesk exported it.";

const startsWith = (bytes: Uint8Array, prefix: string) => Buffer.from(bytes.subarray(0, prefix.length)).toString("latin1") === prefix;

async function readPdf(bytes: Uint8Array): Promise<DossierCopy> {
  if (!pdfWithinLimits(bytes)) return { ok: false, message: "This PDF cannot be read: its content would unpack to far more than any dossier." };
  let raw: string | null;
  try {
    raw = await readPdfInfoEntry(bytes, PDF_MANIFEST_KEY);
  } catch {
    return { ok: false, message: "This PDF cannot be read (it is damaged or encrypted)." };
  }
  let manifest: DossierManifest | null = null;
  try {
    manifest = raw ? parseManifest(JSON.parse(raw)) : null;
  } catch {
    manifest = null;
  }
  if (!manifest) return { ok: false, message: "This PDF carries no Storydesk dossier information: it was not exported by Storydesk, or was re-saved by another program." };
  return { ok: true, format: "pdf", manifest, checkpointNote: manifest.checkpoint, bytes };
}

function readJson(bytes: Uint8Array, text: string): DossierCopy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: "This JSON file cannot be read: it is not valid JSON." };
  }
  if (!json || typeof json !== "object" || Array.isArray(json) || (json as { format?: unknown }).format !== DOSSIER_FORMAT) return { ok: false, message: NOT_A_DOSSIER };
  const d = json as Record<string, Record<string, unknown> | undefined>;
  const checkpoint = typeof d.checkpoint?.note === "string" ? d.checkpoint.note : null;
  const manifest = parseManifest({
    format: d.format,
    version: d.version,
    story: d.story && { id: d.story.id, slug: d.story.slug, title: d.story.title },
    generated: d.generated,
    asOf: d.asOf,
    profile: d.profile,
    sections: d.sections,
    redacted: d.redaction?.redacted,
    changesSince: d.changes?.since ?? null,
    checkpoint,
  });
  if (!manifest) return { ok: false, message: "This JSON dossier is incomplete: its story, moment or options are missing or changed beyond reading." };
  return { ok: true, format: "json", manifest, checkpointNote: checkpoint, json: json as Record<string, unknown>, bytes };
}

function readMarkdown(bytes: Uint8Array, text: string): DossierCopy {
  const manifest = manifestInMarkdown(text);
  if (!manifest) return { ok: false, message: `${NOT_A_DOSSIER} (A Markdown dossier ends with a line that identifies it; it is missing or was changed.)` };
  // The visible checkpoint is what a reader sees and signature tools check; the manifest's copy
  // must be the same note.
  const visible = checkpointNotesIn(text)[0] ?? null;
  return { ok: true, format: "md", manifest, checkpointNote: visible ?? manifest.checkpoint, text, bytes };
}

/** Reads a copy by its content (not its name): %PDF, a JSON object, or Markdown text. */
export async function readCopy(input: Uint8Array): Promise<DossierCopy> {
  const bytes = new Uint8Array(input);
  if (startsWith(bytes, "%PDF-")) return readPdf(bytes);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes).replace(/^\uFEFF/, "");
  if (text.trimStart().startsWith("{")) return readJson(bytes, text);
  if (text.includes("<!-- storydesk-dossier ")) return readMarkdown(bytes, text);
  return { ok: false, message: NOT_A_DOSSIER };
}
