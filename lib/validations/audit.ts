import { z } from "zod";
import { id } from "./common";

// The admin's ledger page and the sensitive-read listings.

/** A revision chain: a story's id, or "desk" for accounts. */
export const chainId = z.union([z.literal("desk"), id], { message: "Not a valid chain." });

export const verifyChainSchema = z.object({ chain: chainId });
export type VerifyChainInput = z.input<typeof verifyChainSchema>;

/**
 * The sensitive-read list, as read from the URL: a page that does not parse shows page 1.
 * The story id is not checked here: `storyAccessFor` refuses a malformed id as NOT_FOUND,
 * exactly like one that does not exist (a 404 page, not a validation error).
 */
export const sensitiveReadFiltersSchema = z.object({
  storyId: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type SensitiveReadFilters = z.input<typeof sensitiveReadFiltersSchema>;

export const SENSITIVE_READ_KINDS = ["reveal", "export"] as const;
export type SensitiveReadKind = (typeof SENSITIVE_READ_KINDS)[number];

export const SENSITIVE_READ_KIND_LABELS: Record<SensitiveReadKind, string> = { reveal: "Revealed", export: "Exported" };

/** What each recorded field is called on screen. */
export const SENSITIVE_FIELD_LABELS: Record<string, string> = { contact: "contact details" };
