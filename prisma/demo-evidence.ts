// The demo desk's evidence (issue 17): the two wire reports in prisma/seed-story as documents,
// the hand-logged quotes anchored to the words they came from, and the real disagreements
// between the reports as claims — each version the exact words of its report.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { CreateClaimInput } from "@/lib/validations/evidence";
import type { QuoteKey } from "./demo-story";

export const DEMO_DOCUMENTS = {
  reportA: {
    file: "report-a.txt",
    title: "Report A: Microsoft cuts an Israeli defense unit’s access to cloud services",
    origin: "Wire report A (agency not named in our copy)",
    byline: "San Francisco",
  },
  reportB: {
    file: "report-b.txt",
    title: "Report B: Microsoft partially cuts off services to an IMOD unit",
    origin: "Wire report B (agency not named in our copy)",
    byline: "",
  },
} as const;
export type DocumentKey = keyof typeof DEMO_DOCUMENTS;

/** The report each hand-logged quote's words come from. */
export const QUOTE_DOCUMENTS: Record<QuoteKey, DocumentKey> = {
  evidence: "reportA",
  noSurveillance: "reportA",
  widerWork: "reportA",
  guardianStorage: "reportA",
  vindication: "reportA",
  ceaseDisable: "reportB",
};

export const reportText = (file: string) => readFileSync(path.join(import.meta.dirname, "seed-story", file), "utf8");

type ClaimSeed = Omit<CreateClaimInput, "storyId" | "versions"> & { versions: { document: DocumentKey; words: string }[] };

export const DEMO_CLAIMS: ClaimSeed[] = [
  {
    detail: "Who lost access: which Israeli body used the services",
    kind: "actor",
    status: "open",
    reason: "Report A names it three ways; report B names a unit of the Ministry of Defence. Asked Microsoft and the IMOD which unit; no answer yet.",
    versions: [
      { document: "reportA", words: "an Israeli defense unit" },
      { document: "reportA", words: "the Israeli Defense Force" },
      { document: "reportA", words: "an Israeli military agency" },
      { document: "reportB", words: "a unit within the Israeli Ministry of Defence (IMOD)" },
    ],
  },
  {
    detail: "Which services were cut",
    kind: "other",
    status: "both_stand",
    reason: "Not a contradiction: report B is more specific (storage and AI services); report A says only “some cloud services”.",
    versions: [
      { document: "reportA", words: "access to some cloud services" },
      { document: "reportB", words: "the IMOD’s use of particular cloud storage and AI services and technologies has been terminated" },
    ],
  },
  {
    detail: "Who carried out the investigation",
    kind: "attribution",
    status: "resolved_for",
    resolvedFor: 0,
    reason: "Report A names the partners (+972 Magazine, Local Call); the Guardian’s own story confirms them.",
    versions: [
      { document: "reportA", words: "The Guardian’s investigation was conducted with Israeli-Palestinian publication +972 Magazine and Hebrew-language outlet Local Call." },
      { document: "reportB", words: "The investigation, which collaborated with Israeli-Palestinian and Hebrew-language media" },
    ],
  },
];
