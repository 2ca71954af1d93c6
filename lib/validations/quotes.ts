import { z } from "zod";
import { EMPTY_DOC, richText } from "@/lib/rich-text";
import { enumOf, id, optionalLink, optionalMoment, reason, text, version } from "./common";

export const QUOTE_MEDIUM_LABELS = {
  interview: "Interview",
  statement: "Statement",
  email: "E-mail",
  publication: "Publication",
  other: "Other",
} as const;
export const VERIFICATION_LABELS = {
  unverified: "Unverified",
  verified: "Verified",
  disputed: "Disputed",
  retracted: "Retracted",
} as const;
export const QUOTE_USE_LABELS = { quotable: "Quotable", background_only: "Background only" } as const;

export type VerificationValue = keyof typeof VERIFICATION_LABELS;

const quoteFields = {
  storyId: id,
  speakerId: id,
  text: text("The quote", 1, 5000),
  saidAt: optionalMoment.optional().transform((value) => value ?? null),
  medium: enumOf(QUOTE_MEDIUM_LABELS, "Choose where it was said.").default("statement"),
  link: optionalLink.default(""),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language code such as en, he, ar or fr.")
    .default("en"),
  verification: enumOf(VERIFICATION_LABELS, "Choose a verification status.").default("unverified"),
  use: enumOf(QUOTE_USE_LABELS, "Choose how it may be used.").default("quotable"),
  notes: richText.default(EMPTY_DOC),
};

export const createQuoteSchema = z.object(quoteFields);

export const updateQuoteSchema = z.object({
  ...quoteFields,
  quoteId: id,
  version,
  /** Required when the quoted words change: kept in the revision. */
  reason,
});

export type CreateQuoteInput = z.input<typeof createQuoteSchema>;
export type UpdateQuoteInput = z.input<typeof updateQuoteSchema>;
