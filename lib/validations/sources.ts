import { z } from "zod";
import { EMPTY_DOC, richText } from "@/lib/rich-text";
import { enumOf, id, optionalLink, reason, text, version } from "./common";
import { PROTECTION_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS } from "./source-labels";

// The labels and levels live in ./source-labels (no rich text, so no tiptap): client code that
// only names a kind or a protection level imports them from there (issue 16).
export { PROTECTION_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS, lowers, type ProtectionValue, type ReliabilityValue, type SourceKindValue } from "./source-labels";

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
