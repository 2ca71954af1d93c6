// A source's kinds, reliability and protection levels, by name: apart from ./sources (the
// schemas, which need the rich-text schema and with it tiptap) so that client code naming a
// level does not bring the editor's code into every story page (issue 16).

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
