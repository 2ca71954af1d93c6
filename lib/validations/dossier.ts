import { z } from "zod";
import { DOSSIER_FORMATS, DOSSIER_PROFILES, DOSSIER_SECTIONS, type DossierFormat, type DossierProfile, type DossierSection } from "./dossier-labels";

// What a dossier export asks for, from the export form or the URL. Profiles set the sections
// and the redaction in one choice; a story lead may ask for an unredacted copy (recorded).

export { DOSSIER_FORMATS, DOSSIER_PROFILES, DOSSIER_SECTIONS, type DossierFormat, type DossierProfile, type DossierSection } from "./dossier-labels";

const ALL_SECTIONS = Object.keys(DOSSIER_SECTIONS) as DossierSection[];

const sectionList = z
  .string()
  .trim()
  .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ALL_SECTIONS as [DossierSection, ...DossierSection[]], { message: "Choose sections from the list." })).min(1, "Choose at least one section."));

const localMoment = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter a date and time.");

export const dossierOptionsSchema = z.object({
  format: z.enum(Object.keys(DOSSIER_FORMATS) as [DossierFormat, ...DossierFormat[]], { message: "Choose PDF, JSON or Markdown." }).default("pdf"),
  profile: z.enum(Object.keys(DOSSIER_PROFILES) as [DossierProfile, ...DossierProfile[]], { message: "Choose a profile." }).default("internal"),
  /** Comma-separated; defaults to the profile's. */
  sections: sectionList.optional(),
  /** As of a past moment: a wall-clock time in the user's zone, or a revision number. */
  at: localMoment.optional(),
  rev: z.coerce.number().int().positive("Not a revision number.").optional(),
  /** The change log starts here (the user's zone); default: 24 hours before the as-of moment. */
  since: localMoment.optional(),
  /** Leads only: identities and contact details of confidential sources. Recorded. */
  unredacted: z
    .enum(["0", "1"])
    .optional()
    .transform((value) => value === "1"),
});

export type DossierOptionsInput = z.input<typeof dossierOptionsSchema>;
export type DossierOptions = z.output<typeof dossierOptionsSchema>;
