import { z } from "zod";
import { EMPTY_DOC, richText } from "@/lib/rich-text";
import { enumOf, id, optionalLink, reason, text, version } from "./common";

export const SOURCE_KIND_LABELS = {
  person: "Person",
  organization: "Organization",
  document: "Document",
  publication: "Publication",
  dataset: "Dataset",
} as const;
export const RELIABILITY_LABELS = { unassessed: "Unassessed", low: "Low", medium: "Medium", high: "High" } as const;
export const PROTECTION_LABELS = {
  on_record: "On the record",
  background: "On background",
  deep_background: "Deep background",
  off_record: "Off the record",
  confidential: "Confidential",
} as const;

export type SourceKindValue = keyof typeof SOURCE_KIND_LABELS;
export type ReliabilityValue = keyof typeof RELIABILITY_LABELS;
export type ProtectionValue = keyof typeof PROTECTION_LABELS;

/** Would moving from `from` to `to` lower a source's protection? (Levels run from on the record to confidential.) */
export const lowers = (from: string, to: string) => {
  const levels: string[] = Object.keys(PROTECTION_LABELS);
  return levels.indexOf(to) < levels.indexOf(from);
};

const affiliation = z.string().trim().max(300, "Keep the role or affiliation under 300 characters.");
const contact = z.string().trim().max(2000, "Keep contact details under 2,000 characters.");

/** A source's own fields, without defaults: an update names the ones it changes. */
const sourceFields = {
  name: text("Name", 1, 200),
  kind: enumOf(SOURCE_KIND_LABELS, "Choose a kind."),
  affiliation,
  link: optionalLink,
  notes: richText,
  reliability: enumOf(RELIABILITY_LABELS, "Choose a reliability."),
  protection: enumOf(PROTECTION_LABELS, "Choose a protection level."),
  contact,
};

export const createSourceSchema = z.object({
  storyId: id,
  ...sourceFields,
  affiliation: affiliation.default(""),
  link: optionalLink.default(""),
  notes: richText.default(EMPTY_DOC),
  reliability: sourceFields.reliability.default("unassessed"),
  protection: sourceFields.protection.default("on_record"),
  contact: contact.default(""),
});

/**
 * An edit changes only the fields it names (undefined = unchanged: nothing defaults). A member
 * who may not see a protected field edits the rest without ever receiving it. Lowering the
 * protection is not an edit (lowerProtectionSchema).
 */
export const updateSourceSchema = z.object(sourceFields).partial().extend({ storyId: id, sourceId: id, version, reason });

const requiredReason = (what: string) => z.string().trim().min(3, `Say why you ${what} (at least 3 characters).`).max(500, "Keep the reason under 500 characters.");

/** A story lead lowers a source's protection: explicit, with a reason kept in its revision. */
export const lowerProtectionSchema = z.object({
  storyId: id,
  sourceId: id,
  version,
  protection: sourceFields.protection,
  reason: requiredReason("lower its protection"),
});

/** A story lead burns a source: its key is destroyed, with a reason kept in its revision. */
export const burnSourceSchema = z.object({ storyId: id, sourceId: id, version, reason: requiredReason("burn this source") });

export type CreateSourceInput = z.input<typeof createSourceSchema>;
export type UpdateSourceInput = z.input<typeof updateSourceSchema>;
export type LowerProtectionInput = z.input<typeof lowerProtectionSchema>;
export type BurnSourceInput = z.input<typeof burnSourceSchema>;
