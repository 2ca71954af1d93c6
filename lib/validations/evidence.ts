import { z } from "zod";
import { enumOf, id, optionalLink, reason, text, version } from "./common";

// The evidence desk (issue 17): what a document's import form sends, a passage of a document
// (where a quote or a claim's version comes from), and claims. Anchors are never taken from the
// browser: the server computes them from the stored text and the passage's offsets.

export const DOCUMENT_FORMAT_LABELS = { text: "Text", html: "Web page (HTML)", eml: "E-mail (.eml)", pdf: "PDF", ninjs: "Agency item (NINJS)" } as const;
export const ANCHOR_STATUS_LABELS = { anchored: "Anchored", changed: "Words changed in a later take", orphan: "Gone from a later take" } as const;
export const CLAIM_KIND_LABELS = { actor: "Who acted", number: "A number", time: "A time", place: "A place", attribution: "An attribution", other: "Other" } as const;
export const CLAIM_STATUS_LABELS = { open: "Open", resolved_for: "Resolved for one version", both_stand: "Both stand", unresolvable: "Unresolvable" } as const;

/** A time as a form sends it: empty, or an ISO date-time (the browser converts local time). */
const optionalTime = z
  .string()
  .trim()
  .max(40)
  .refine((value) => value === "" || !Number.isNaN(Date.parse(value)), "Enter a date and time, or leave it empty.")
  .optional()
  .transform((value) => (value ? new Date(value) : null));

/** The metadata an editor confirms (prefilled from the parser) when importing a document. */
export const documentMetaSchema = z.object({
  storyId: id,
  title: z.string().trim().max(300, "Keep the title under 300 characters.").default(""),
  origin: z.string().trim().max(200, "Keep the origin under 200 characters.").default(""),
  byline: z.string().trim().max(300, "Keep the byline under 300 characters.").default(""),
  url: optionalLink.default(""),
  publishedAt: optionalTime,
  /** Import as a new take of this document (else: chained by the item's guid, if it has one). */
  replacesId: z.union([z.literal(""), id]).optional().transform((value) => value || null),
});

/**
 * A passage of a document: UTF-16 offsets into its stored body (a selection in the viewer), or
 * the words themselves (picked from a document in a form: the server finds them in it).
 */
export const passageSchema = z
  .object({
    documentId: id,
    start: z.coerce.number().int().min(0).optional(),
    end: z.coerce.number().int().min(1).optional(),
    words: z.string().trim().max(5000, "Keep the passage under 5,000 characters.").optional(),
  })
  .refine((value) => Boolean(value.words) || (value.start !== undefined && value.end !== undefined && value.end > value.start), "Select some words of the document, or type them.");

/** A quote logged from a document: the passage, and who said it (a source, or a new one to create). */
export const quoteFromDocumentSchema = z.object({
  storyId: id,
  passage: passageSchema,
  speakerId: z.union([z.literal(""), id]).optional().transform((value) => value || null),
  /** When no speaker is chosen: the name of a new source to create. */
  newSpeakerName: z.string().trim().max(200, "Keep the name under 200 characters.").default(""),
});

export const claimVersionInputSchema = z.object({ passage: passageSchema });

const claimFields = {
  storyId: id,
  detail: text("The contested detail", 3, 500),
  kind: enumOf(CLAIM_KIND_LABELS, "Choose what kind of detail it is.").default("other"),
  status: enumOf(CLAIM_STATUS_LABELS, "Choose a status.").default("open"),
  /** With "resolved for one version": which version (its position in the list, from 0). */
  resolvedFor: z
    .union([z.literal(""), z.null(), z.coerce.number().int().min(0).max(19)])
    .optional()
    .transform((value) => (typeof value === "number" ? value : null)),
  reason: z.string().trim().max(2000, "Keep the reason under 2,000 characters.").default(""),
  versions: z.array(claimVersionInputSchema).max(20, "A claim can hold at most 20 versions.").default([]),
};

const claimRules = <T extends { status: string; resolvedFor: number | null; versions: unknown[] }>(value: T, ctx: z.RefinementCtx) => {
  if (value.status === "resolved_for" && (value.resolvedFor === null || value.resolvedFor >= value.versions.length)) {
    ctx.addIssue({ code: "custom", path: ["resolvedFor"], message: "Choose the version the claim is resolved for." });
  }
};

export const createClaimSchema = z.object(claimFields).superRefine(claimRules);
export const updateClaimSchema = z.object({ ...claimFields, claimId: id, version, editReason: reason }).superRefine(claimRules);

export type DocumentMetaInput = z.input<typeof documentMetaSchema>;
export type PassageInput = z.input<typeof passageSchema>;
export type QuoteFromDocumentInput = z.input<typeof quoteFromDocumentSchema>;
export type CreateClaimInput = z.input<typeof createClaimSchema>;
export type UpdateClaimInput = z.input<typeof updateClaimSchema>;
export type ClaimKindValue = keyof typeof CLAIM_KIND_LABELS;
export type ClaimStatusValue = keyof typeof CLAIM_STATUS_LABELS;
