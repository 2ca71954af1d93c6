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

const affiliation = z.string().trim().max(300, "Keep the role or affiliation under 300 characters.");
const contact = z.string().trim().max(2000, "Keep contact details under 2,000 characters.");

const sourceFields = {
  storyId: id,
  name: text("Name", 1, 200),
  kind: enumOf(SOURCE_KIND_LABELS, "Choose a kind."),
  affiliation: affiliation.default(""),
  link: optionalLink.default(""),
  notes: richText.default(EMPTY_DOC),
  reliability: enumOf(RELIABILITY_LABELS, "Choose a reliability.").default("unassessed"),
  protection: enumOf(PROTECTION_LABELS, "Choose a protection level.").default("on_record"),
  contact: contact.default(""),
};

export const createSourceSchema = z.object(sourceFields);

/**
 * An edit. name, affiliation and contact may be left out (undefined = unchanged): a member
 * who may not see a protected field edits the rest without ever receiving it.
 */
export const updateSourceSchema = z.object({
  ...sourceFields,
  sourceId: id,
  version,
  reason,
  name: sourceFields.name.optional(),
  affiliation: affiliation.optional(),
  contact: contact.optional(),
});

export type CreateSourceInput = z.input<typeof createSourceSchema>;
export type UpdateSourceInput = z.input<typeof updateSourceSchema>;
