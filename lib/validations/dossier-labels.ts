// A dossier's formats, sections and profiles, by name: apart from ./dossier (the options'
// schema, zod) so that the export form on every story page does not evaluate zod on load (issue 16).

export const DOSSIER_FORMATS = { pdf: "PDF", json: "JSON (machine-readable)", md: "Markdown", html: "Preview (in the browser)" } as const;
export type DossierFormat = keyof typeof DOSSIER_FORMATS;

export const DOSSIER_SECTIONS = {
  summary: "Summary memo",
  facts: "Key facts",
  timeline: "Timeline",
  sources: "Sources",
  quotes: "Quotes by speaker",
  questions: "Open questions",
  followUps: "Follow-ups",
  comments: "Editorial comments",
  changes: "Change log",
  evidence: "Evidence",
  disagreements: "Where the sources disagree",
  verification: "Verification",
} as const;
export type DossierSection = keyof typeof DOSSIER_SECTIONS;
const ALL_SECTIONS = Object.keys(DOSSIER_SECTIONS) as DossierSection[];

export const DOSSIER_PROFILES = {
  internal: {
    label: "Internal",
    description: "Everything you may see, confidential sources by alias, no contact details; changes of the last 24 hours.",
    sections: ALL_SECTIONS,
  },
  legal: {
    label: "Legal review",
    description: "Internal, plus the full change log with every revision's hash, to check against the ledger.",
    sections: ALL_SECTIONS,
  },
  partner: {
    label: "Partner outlet",
    description: "For outside eyes: no contact details, no internal comments or follow-ups, verified quotes only.",
    sections: ["summary", "facts", "timeline", "sources", "quotes", "verification"] as DossierSection[],
  },
} as const satisfies Record<string, { label: string; description: string; sections: DossierSection[] }>;
export type DossierProfile = keyof typeof DOSSIER_PROFILES;
