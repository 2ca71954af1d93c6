import { z } from "zod";

// A passage of a document as stored — in a quote's provenance (`quotes.anchor`) and in each of a
// claim's versions (`claims.versions`): the W3C Web Annotation selectors that find the words
// again (TextQuoteSelector: exact, prefix, suffix; TextPositionSelector: UTF-16 offsets into the
// document's body). Stored as [quote, position], the order a Web Annotation's `selector` lists them.

export const textQuoteSelectorSchema = z.object({ type: z.literal("TextQuoteSelector"), exact: z.string(), prefix: z.string(), suffix: z.string() });
export const textPositionSelectorSchema = z.object({ type: z.literal("TextPositionSelector"), start: z.number().int().min(0), end: z.number().int().min(0) });
export const storedAnchorSchema = z.tuple([textQuoteSelectorSchema, textPositionSelectorSchema]);
export type StoredAnchor = z.infer<typeof storedAnchorSchema>;

/** One report's version of a contested detail. */
export const storedPassageSchema = z.object({
  documentId: z.string(),
  anchor: storedAnchorSchema,
  /** The words, as they stand in the document. */
  text: z.string(),
  /** When the document says it was published (else received): the version's time. */
  at: z.string().nullable(),
});
export type StoredPassage = z.infer<typeof storedPassageSchema>;

/** The passages of a stored value (a claim's `versions`); anything malformed is left out. */
export function passagesOf(value: unknown): StoredPassage[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): StoredPassage[] => {
    const parsed = storedPassageSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A stored anchor, or null when there is none (or it is malformed). */
export function anchorOf(value: unknown): StoredAnchor | null {
  const parsed = storedAnchorSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
