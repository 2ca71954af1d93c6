// The demo story's content, part 1: the story, its sources and its quotes, as the desk
// would log them from the two wire reports in shared/seed-story/ (report A: San Francisco,
// 26 September 2025; report B: 26 September 2025). Quotes are copied character for character
// from the reports; nothing here adds facts the reports do not give. The one confidential
// source is fictional and says so. The order of work (who logs what, when) is in seed.ts.
import type { RichTextDoc, RichTextNode } from "@/lib/rich-text";
import type { ProtectionValue, ReliabilityValue, SourceKindValue } from "@/lib/validations/sources";
import type { QUOTE_MEDIUM_LABELS, QUOTE_USE_LABELS, VerificationValue } from "@/lib/validations/quotes";

// ---------------------------------------------------------------- rich text helpers

const textNode = (text: string): RichTextNode => ({ type: "text", text });
const paragraph = (text: string): RichTextNode => ({ type: "paragraph", content: [textNode(text)] });

/** A plain document of one or more paragraphs. */
export const doc = (...paragraphs: string[]): RichTextDoc => ({ type: "doc", content: paragraphs.map(paragraph) });

/** A level-2 heading followed by a bullet list: the memo's building block. */
export const section = (title: string, bullets: string[]): RichTextNode[] => [
  { type: "heading", attrs: { level: 2 }, content: [textNode(title)] },
  { type: "bulletList", content: bullets.map((bullet) => ({ type: "listItem", content: [paragraph(bullet)] })) },
];

// ---------------------------------------------------------------- the story

/** As Maya opened it, from report A alone. */
export const DEMO_STORY_FIRST = {
  title: "Microsoft cuts Israeli defense unit's access to some Azure cloud services",
  summary:
    "Report A (26 September): Microsoft says it cut an Israeli defense unit's access to some cloud services used for mass " +
    "surveillance in Gaza, after a Guardian-led investigation published in August. Second wire expected.",
};

/** After report B came in: the story as it stands. */
export const DEMO_STORY = {
  title: "Microsoft cuts Israeli military unit's access to Azure cloud and AI services",
  summary:
    "Microsoft says it has disabled some cloud storage and AI services used by a unit of Israel's defence establishment, " +
    "after a Guardian-led investigation reported that the unit stored intercepted Palestinian phone calls on Azure. " +
    "Open: which subscriptions were cut, whether the data moved to Amazon, and what Microsoft's ongoing review will publish.",
};

// ---------------------------------------------------------------- sources

export type SourceSeed = {
  name: string;
  kind: SourceKindValue;
  affiliation: string;
  /** Only a link we are sure of (a real home page); none otherwise. */
  link?: string;
  notes: RichTextDoc;
  reliability: ReliabilityValue;
  protection: ProtectionValue;
  contact?: string;
};

export const SOURCES = {
  reportA: {
    name: "Wire report A (San Francisco, 26 Sep 2025)",
    kind: "document",
    affiliation: "Wire copy; the agency is not named in our copy",
    notes: doc(
      "Dated 26 September 2025, San Francisco. Says 'an Israeli defense unit', quotes Brad Smith's message to employees, " +
        "CAIR's Imraan Siddiqi, and the Guardian's reporting. Mentions the firings after protests.",
    ),
    reliability: "medium",
    protection: "on_record",
  },
  reportB: {
    name: "Wire report B (26 Sep 2025)",
    kind: "document",
    affiliation: "Wire copy; the agency is not named in our copy",
    notes: doc(
      "Dated 26 September 2025. Says 'a unit within the Israeli Ministry of Defence (IMOD)'. Only source for: AI services, " +
        "the move to Amazon's cloud, the 'cease and disable' wording, the UN expert and the review's coming update.",
    ),
    reliability: "medium",
    protection: "on_record",
  },
  microsoft: {
    name: "Microsoft",
    kind: "organization",
    affiliation: "Technology company; provider of the Azure cloud",
    link: "https://www.microsoft.com",
    notes: doc(
      "The company that cut the services. Authoritative on what it decided; an interested party on why and on how much. " +
        "Press office to be asked which subscriptions were disabled.",
    ),
    reliability: "medium",
    protection: "on_record",
  },
  smith: {
    name: "Brad Smith",
    kind: "person",
    affiliation: "President, Microsoft",
    notes: doc("Announced the decision in a message to employees posted online (report A)."),
    reliability: "unassessed",
    protection: "on_record",
  },
  guardian: {
    name: "The Guardian",
    kind: "publication",
    affiliation: "British newspaper; led the joint investigation published in August 2025",
    link: "https://www.theguardian.com",
    notes: doc("Its investigation prompted Microsoft's review. Worked with +972 Magazine and Local Call (report A)."),
    reliability: "high",
    protection: "on_record",
  },
  mag972: {
    name: "+972 Magazine",
    kind: "publication",
    affiliation: "Israeli-Palestinian publication; partner in the Guardian-led investigation",
    link: "https://www.972mag.com",
    notes: doc("Named as a partner in report A; report B speaks of 'Israeli-Palestinian and Hebrew-language media'."),
    reliability: "high",
    protection: "on_record",
  },
  localCall: {
    name: "Local Call",
    kind: "publication",
    affiliation: "Hebrew-language outlet; partner in the Guardian-led investigation",
    notes: doc("Named as a partner in report A. Link to be added once checked."),
    reliability: "high",
    protection: "on_record",
  },
  unit: {
    name: "The Israeli unit (not named in the reports)",
    kind: "organization",
    affiliation: "Israeli military (report A) or a unit within the Israeli Ministry of Defence (report B): the reports differ",
    notes: doc(
      "Report A: 'an Israeli defense unit', 'the Israeli Defense Force', 'an Israeli military agency'. Report B: 'a unit within " +
        "the Israeli Ministry of Defence (IMOD)', 'a specific IMOD unit'. Neither names the unit. The subject of the story, not yet a source of anything.",
    ),
    reliability: "unassessed",
    protection: "on_record",
  },
  imod: {
    name: "Israel Ministry of Defense (IMOD)",
    kind: "organization",
    affiliation: "Government of Israel",
    notes: doc(
      "Microsoft reviewed the decision with the ministry (Smith, report A) and informed the IMOD it would cease and disable " +
        "certain subscriptions (report B). Not the same entry as the unit: the ministry is who Microsoft dealt with. No comment from it in either report.",
    ),
    reliability: "unassessed",
    protection: "on_record",
  },
  cair: {
    name: "Council on American-Islamic Relations (CAIR)",
    kind: "organization",
    affiliation: "Advocacy group",
    link: "https://www.cair.com",
    notes: doc("Welcomed the decision; with other groups, demands that Microsoft cut all ties with the Israeli government (report A)."),
    reliability: "medium",
    protection: "on_record",
  },
  siddiqi: {
    name: "Imraan Siddiqi",
    kind: "person",
    affiliation: "Executive director, CAIR Washington state chapter",
    notes: doc("Quoted in report A. Report A does not say where or to whom he said it."),
    reliability: "medium",
    protection: "on_record",
  },
  noAzure: {
    name: "No Azure for Apartheid",
    kind: "organization",
    affiliation: "Tech-worker-led campaign group",
    notes: doc("Welcomed the decision (report A). No statement of its own in the reports; ask for one."),
    reliability: "unassessed",
    protection: "on_record",
  },
  unExpert: {
    name: "UN expert (not named in the reports)",
    kind: "person",
    affiliation: "United Nations",
    notes: doc(
      "Report B: earlier this year, a UN expert named Microsoft, Amazon and Alphabet among companies risking complicity in " +
        "potential war crimes by doing business with Israel. The report names neither the expert nor the publication.",
    ),
    reliability: "unassessed",
    protection: "on_record",
  },
  amazon: {
    name: "Amazon",
    kind: "organization",
    affiliation: "Technology company; sells a cloud platform",
    link: "https://www.amazon.com",
    notes: doc("Report B: the unit is reportedly planning to move its data to a cloud platform sold by Amazon. Also named by the UN expert (report B)."),
    reliability: "unassessed",
    protection: "on_record",
  },
  insider: {
    name: "Demo: former Unit engineer (fictional)",
    kind: "person",
    affiliation: "DEMO DATA: fictional, not a real person",
    notes: doc(
      "DEMO DATA. A fictional confidential source, here to show how the desk protects identities: only the story's leads and " +
        "the reporter who logged it see who it is. It has told us nothing; do not use it in copy.",
    ),
    reliability: "unassessed",
    protection: "confidential",
    contact: "DEMO ONLY — not a real person",
  },
} satisfies Record<string, SourceSeed>;

export type SourceKey = keyof typeof SOURCES;

/** What Lina adds to Brad Smith's notes when she raises his reliability. */
export const SMITH_CONFIRMED = {
  reliability: "high",
  notes: doc(
    "Announced the decision in a message to employees posted online (report A). Both wire reports attribute the decision to him.",
    "Reliability raised: both wire reports carry the same account of his message (report A quotes it, report B paraphrases the same points). The posted message itself is still to be archived.",
  ),
} satisfies Partial<SourceSeed>;

// ---------------------------------------------------------------- quotes

export type QuoteSeed = {
  speaker: SourceKey;
  /** Exactly the words between the report's quotation marks. */
  text: string;
  /** As a form sends it ("2025-09-25", a month "2025-08", a range "2025-09-25/2025-09-26"), or "" when the reports do not say. */
  saidAt: string;
  medium: keyof typeof QUOTE_MEDIUM_LABELS;
  verification: VerificationValue;
  use: keyof typeof QUOTE_USE_LABELS;
  notes: RichTextDoc;
};

const smithMessage =
  "Report A: from Brad Smith's message to employees, posted online; Microsoft announced the decision on Thursday 25 September. Check against the post itself.";

export const QUOTES = {
  evidence: {
    speaker: "smith",
    text: "We have found evidence that supports elements of The Guardian’s reporting,",
    saidAt: "2025-09-25",
    medium: "statement",
    verification: "unverified",
    use: "quotable",
    notes: doc(smithMessage, "Which elements? See the open questions."),
  },
  noSurveillance: {
    speaker: "smith",
    text: "We do not provide technology to facilitate mass surveillance of civilians.",
    saidAt: "2025-09-25",
    medium: "statement",
    verification: "unverified",
    use: "quotable",
    notes: doc(smithMessage, "Report B paraphrases the same point: such use violates Microsoft's standard terms of service."),
  },
  widerWork: {
    speaker: "smith",
    text: "This does not impact the important work that Microsoft continues to do to protect the cybersecurity of Israel and other countries in the Middle East,",
    saidAt: "2025-09-25",
    medium: "statement",
    verification: "unverified",
    use: "quotable",
    notes: doc("Report A: 'Smith said'; most likely from the same message to employees. Report B paraphrases: the decision would not affect Microsoft's broader work with Israel."),
  },
  guardianStorage: {
    speaker: "guardian",
    text: "for the storage of data files of phone calls obtained through broad or mass surveillance of civilians in Gaza and the West Bank.",
    saidAt: "2025-08",
    medium: "publication",
    verification: "unverified",
    use: "background_only",
    notes: doc(
      "Report A quotes these words as the Guardian's reporting (published in August 2025; day to check). Background only until " +
        "we find the sentence in the Guardian's own article: report A may be quoting someone else's summary of it.",
    ),
  },
  vindication: {
    speaker: "siddiqi",
    text: "This is a welcome step and a point of vindication for those brave tech workers who stood up and protested,",
    saidAt: "2025-09-25/2025-09-26",
    medium: "other",
    verification: "unverified",
    use: "quotable",
    notes: doc("Report A does not say when, where or to whom; between the announcement (25 September) and report A (26 September)."),
  },
  ceaseDisable: {
    speaker: "microsoft",
    text: "cease and disable",
    saidAt: "",
    medium: "other",
    verification: "unverified",
    use: "quotable",
    notes: doc(
      "A phrase, not a sentence. Report B: Microsoft informed the IMOD that it would “cease and disable” certain subscriptions " +
        "and services. Whether the words are from the notice to the IMOD or from Smith's message is not stated; on or before 25 September.",
    ),
  },
} satisfies Record<string, QuoteSeed>;

export type QuoteKey = keyof typeof QUOTES;

/** How Maya first logged Smith's first sentence: two words wrong, fixed later with a reason. */
export const EVIDENCE_AS_FIRST_LOGGED = "We found evidence that supports elements of the Guardian’s reporting,";
export const EVIDENCE_CORRECTION_REASON =
  "Transcription error: corrected against report A (“We have found…”, “The Guardian’s”, capital T as in the wire).";
