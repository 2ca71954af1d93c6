import { z } from "zod";
import { safeTimeZone } from "@/lib/time-zone";
import { DOSSIER_FORMAT, DOSSIER_VERSION, type Dossier } from "./types";

// What a copy must say about itself to be checked against the ledger (Verify a copy): which
// story, as of which revision and moment, with which options, exported when and by whom, and
// its signed checkpoint. The JSON export is the dossier itself; the Markdown carries this in a
// comment at its end, the PDF in its document information (key StorydeskDossier).

export const PDF_MANIFEST_KEY = "StorydeskDossier";
const MARKDOWN_MARK = "storydesk-dossier";

export const manifestSchema = z.object({
  format: z.literal(DOSSIER_FORMAT),
  version: z.literal(DOSSIER_VERSION),
  story: z.object({ id: z.uuid(), slug: z.string(), title: z.string() }),
  generated: z.object({ at: z.iso.datetime(), atLabel: z.string(), by: z.string(), timeZone: z.string().refine((zone) => safeTimeZone(zone) === zone) }),
  asOf: z.object({ at: z.iso.datetime(), atLabel: z.string(), revision: z.number().int().nonnegative(), now: z.boolean() }),
  profile: z.enum(["internal", "legal", "partner"]),
  sections: z.array(z.string()),
  redacted: z.boolean(),
  changesSince: z.iso.datetime().nullable(),
  checkpoint: z.string().nullable(),
});
export type DossierManifest = z.infer<typeof manifestSchema>;

export function manifestOf(d: Dossier): DossierManifest {
  return {
    format: d.format,
    version: d.version,
    story: { id: d.story.id, slug: d.story.slug, title: d.story.title },
    generated: d.generated,
    asOf: d.asOf,
    profile: d.profile,
    sections: d.sections,
    redacted: d.redaction.redacted,
    changesSince: d.changes?.since ?? null,
    checkpoint: d.checkpoint?.note ?? null,
  };
}

/** JSON that is safe inside an HTML comment or element: no <, > or &. */
const inert = (value: unknown) => JSON.stringify(value).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

export const markdownManifest = (d: Dossier) => `<!-- ${MARKDOWN_MARK} ${inert(manifestOf(d))} -->`;

export function parseManifest(value: unknown): DossierManifest | null {
  const parsed = manifestSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The manifest at the end of a Markdown copy, or null. */
export function manifestInMarkdown(text: string): DossierManifest | null {
  const match = new RegExp(`<!-- ${MARKDOWN_MARK} (\\{.*\\}) -->\\s*$`).exec(text);
  if (!match) return null;
  try {
    return parseManifest(JSON.parse(match[1]!));
  } catch {
    return null;
  }
}

export function pdfManifest(d: Dossier): Record<string, string> {
  return { [PDF_MANIFEST_KEY]: JSON.stringify(manifestOf(d)) };
}
