import { z } from "zod";
import { PANELS, type Panel } from "@/lib/entry-kinds/kinds";
import { PRIORITY_LABELS, id } from "./common";
import { QUESTION_STATUS_LABELS } from "./questions";
import { QUOTE_USE_LABELS, VERIFICATION_LABELS } from "./quotes";
import { PROTECTION_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS } from "./sources";
import { CLAIM_STATUS_LABELS } from "./evidence";

// The workspace's panels and their filters, read from the URL. A value that does not parse
// is ignored (the panel shows unfiltered) rather than an error: URLs get edited by hand.

export { PANELS, type Panel };

const optionalEnum = <T extends Record<string, string>>(labels: T) =>
  z.enum(Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]]).optional().catch(undefined);

const common = {
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
  deleted: z.literal("1").optional().catch(undefined).transform((value) => value === "1"),
  q: z.string().trim().max(200).optional().catch(undefined).transform((value) => value || undefined),
  /** One entry (a link from a notification): the panel shows only it. */
  focus: id.optional().catch(undefined),
};

export const sourceFiltersSchema = z.object({
  ...common,
  kind: optionalEnum(SOURCE_KIND_LABELS),
  reliability: optionalEnum(RELIABILITY_LABELS),
  protection: optionalEnum(PROTECTION_LABELS),
  sort: z.enum(["recent", "name", "reliability"]).default("recent").catch("recent"),
});

export const quoteFiltersSchema = z.object({
  ...common,
  speaker: id.optional().catch(undefined),
  verification: optionalEnum(VERIFICATION_LABELS),
  use: optionalEnum(QUOTE_USE_LABELS),
  sort: z.enum(["recent", "said", "said_asc"]).default("recent").catch("recent"),
});

export const questionFiltersSchema = z.object({
  ...common,
  status: optionalEnum(QUESTION_STATUS_LABELS),
  priority: optionalEnum(PRIORITY_LABELS),
  sort: z.enum(["priority", "recent"]).default("priority").catch("priority"),
});

export const timelineFiltersSchema = z.object({
  ...common,
  sort: z.enum(["asc", "desc"]).default("asc").catch("asc"),
});

export type SourceFilters = z.output<typeof sourceFiltersSchema>;
export type QuoteFilters = z.output<typeof quoteFiltersSchema>;
export type QuestionFilters = z.output<typeof questionFiltersSchema>;
export type TimelineFilters = z.output<typeof timelineFiltersSchema>;

export function panelOf(value: unknown): Panel {
  return PANELS.includes(value as Panel) ? (value as Panel) : "overview";
}

// The evidence desk's panels (issue 17).
export const documentFiltersSchema = z.object({
  ...common,
  sort: z.enum(["recent", "published"]).default("recent").catch("recent"),
});

export const claimFiltersSchema = z.object({
  ...common,
  status: optionalEnum(CLAIM_STATUS_LABELS),
  sort: z.enum(["open", "recent"]).default("open").catch("open"),
});
