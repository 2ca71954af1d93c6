// The demo story's content, part 2: open questions, the timeline and the overview memo, in
// the desk's own words. Dates are as precise as the reports make them: "earlier this year" is a
// range of months, "August" a month, "recent" a part of one (lib/approximate-date.ts).
import type { RichTextDoc } from "@/lib/rich-text";
import type { PRIORITY_LABELS } from "@/lib/validations/common";
import type { QUESTION_STATUS_LABELS } from "@/lib/validations/questions";
import { doc, section, type QuoteKey, type SourceKey } from "./demo-story";

// ---------------------------------------------------------------- open questions

export type QuestionSeed = {
  text: string;
  whyItMatters: string;
  priority: keyof typeof PRIORITY_LABELS;
};

export const QUESTIONS = {
  unit: {
    text: "Which unit is it: part of the Israeli military, or a unit within the Ministry of Defence?",
    whyItMatters:
      "The reports differ. Report A says 'an Israeli defense unit' (and 'the Israeli Defense Force', 'an Israeli military agency'); " +
      "report B says 'a unit within the Israeli Ministry of Defence (IMOD)'. Neither names it. We cannot describe who was cut off until this is settled.",
    priority: "urgent",
  },
  subscriptions: {
    text: "Which subscriptions and services exactly did Microsoft disable, and what does the unit keep?",
    whyItMatters:
      "Report A: 'some cloud services'. Report B: 'partially cut off', 'certain subscriptions and services', 'particular cloud storage and AI services'. " +
      "A partial cut means little until we know what remains.",
    priority: "urgent",
  },
  widerWork: {
    text: "Does the cut end Microsoft's wider work with Israel?",
    whyItMatters: "Readers will ask whether this is a break with Israel or a narrow step. The headline depends on it.",
    priority: "high",
  },
  ai: {
    text: "Were AI services cut as well as cloud storage?",
    whyItMatters:
      "Only report B names AI services ('cloud storage and AI services and technologies'); report A speaks of cloud services only. " +
      "Keep 'AI' out of our copy until Microsoft or a second source confirms it.",
    priority: "high",
  },
  amazon: {
    text: "Is the unit moving its data to Amazon's cloud?",
    whyItMatters:
      "Only report B says so, and only 'reportedly'. If true, the cut changes where the recordings sit, not whether they exist. Ask Amazon and the IMOD.",
    priority: "high",
  },
  dataMoved: {
    text: "Has the intercepted data actually left Azure, and what happens to what is still stored there?",
    whyItMatters:
      "Neither report says whether any data has moved or been deleted. Disabling a subscription is not the same as deleting the recordings.",
    priority: "high",
  },
  review: {
    text: "What will Microsoft's ongoing review publish, and when?",
    whyItMatters:
      "Report B: the ongoing review would share more information in the coming weeks. It may settle the subscriptions and AI questions; someone has to watch for it.",
    priority: "normal",
  },
  evidence: {
    text: "Which elements of the Guardian's reporting did Microsoft find evidence for, and which not?",
    whyItMatters: "Smith says the evidence 'supports elements' of the reporting. Which ones tells us what Microsoft accepts and what it still contests.",
    priority: "high",
  },
  reviewStart: {
    text: "When did Microsoft's review start?",
    whyItMatters:
      "Report A says Microsoft spent more than two months investigating; the Guardian-led investigation was published in August, " +
      "less than two months before 25 September. Either the review began earlier, or one of the figures is loose. The timeline depends on it.",
    priority: "normal",
  },
  unExpert: {
    text: "Who is the UN expert, and which report named Microsoft, Amazon and Alphabet?",
    whyItMatters: "Report B names neither the expert nor the report. We name them only from the UN's own publication.",
    priority: "low",
  },
  firings: {
    text: "How many employees were fired over the protests, and when?",
    whyItMatters:
      "Report A: 'some' employees, including two who joined a sit-in at Smith's office; Microsoft cites policy breaches and safety concerns. No dates, no number.",
    priority: "normal",
  },
} satisfies Record<string, QuestionSeed>;

export type QuestionKey = keyof typeof QUESTIONS;

export type QuestionProgress = {
  status: keyof typeof QUESTION_STATUS_LABELS;
  answer: RichTextDoc;
  quotes: QuoteKey[];
  sources: SourceKey[];
};

/** The question Sam answers. */
export const WIDER_WORK_ANSWER = {
  status: "answered",
  answer: doc(
    "No, according to Microsoft. Smith says the decision does not affect its cybersecurity work for Israel and other countries " +
      "in the Middle East (report A), and that it would not affect Microsoft's broader work with Israel (report B).",
    "That is Microsoft's own account; what the wider work covers is not in either report.",
  ),
  quotes: ["widerWork"],
  sources: ["smith", "reportA", "reportB"],
} satisfies QuestionProgress;

/** Partial answers: the questions stay open, but now point at what we have. */
export const SUBSCRIPTIONS_PROGRESS = {
  status: "chasing",
  answer: doc(
    "Partly: report B says Microsoft told the IMOD it would “cease and disable” certain subscriptions and services, and that the IMOD's " +
      "use of particular cloud storage and AI services has been terminated. No list yet. Asked Microsoft's press office for one.",
  ),
  quotes: ["ceaseDisable"],
  sources: ["microsoft", "reportB"],
} satisfies QuestionProgress;

export const UNIT_PROGRESS = {
  status: "chasing",
  answer: doc(
    "Not settled. Report A calls it a defense unit and a military agency; report B a unit within the IMOD. Microsoft reviewed " +
      "the decision with the Ministry of Defense (report A), which fits report B but does not settle it. Until then, write 'a unit of Israel's defence establishment'.",
  ),
  quotes: [],
  sources: ["reportA", "reportB", "unit", "imod"],
} satisfies QuestionProgress;

// ---------------------------------------------------------------- timeline

export type EventSeed = {
  /** As a form sends it: "2025-01/2025-09", "2025-08", "2025-09-early", "2025-09-25", "2025-09-25/2025-09-26". */
  when: string;
  what: string;
  sources: SourceKey[];
};

export const TIMELINE = {
  unReport: {
    when: "2025-01/2025-09",
    what:
      "'Earlier this year' (report B), before the September reports; no date given. A UN expert names Microsoft, Amazon and Alphabet " +
      "among companies risking complicity in potential war crimes by doing business with Israel.",
    sources: ["unExpert", "microsoft", "amazon", "reportB"],
  },
  investigation: {
    when: "2025-08",
    what:
      "August 2025 (the reports say only 'August'; day to check). The Guardian, with +972 Magazine and Local Call, " +
      "publishes a joint investigation: an Israeli military agency stored recordings of Palestinians' phone calls on Microsoft's Azure.",
    sources: ["guardian", "mag972", "localCall", "reportA", "reportB"],
  },
  reviewOpens: {
    when: "2025-08",
    what:
      "After the August publication; no date given. Microsoft opens its own review after the publication (report B). Report A says it investigated " +
      "for more than two months, which would put the start before August: see the open question.",
    sources: ["microsoft", "reportA", "reportB"],
  },
  protests: {
    when: "2025-08/2025-09",
    what:
      "'Recent' (report A): after the August publication, before the 25 September announcement; no date given. Protests on Microsoft premises, including a sit-in at Brad Smith's office; " +
      "some employees who took part are fired. Microsoft cites breaches of company policy and significant safety concerns.",
    sources: ["microsoft", "smith", "reportA", "reportB"],
  },
  imodInformed: {
    when: "2025-09-25",
    what:
      "On or before 25 September. Microsoft reviews the decision with the Israel Ministry of Defense (Smith, report A) and informs the IMOD " +
      "that it will “cease and disable” certain subscriptions and services (report B).",
    sources: ["microsoft", "imod", "smith", "reportA", "reportB"],
  },
  announcement: {
    when: "2025-09-25",
    what:
      "Thursday 25 September. In a message to employees posted online, Brad Smith says Microsoft has cut the unit's access to some cloud " +
      "(report B: cloud storage and AI) services, and that it found evidence supporting elements of the Guardian's reporting.",
    sources: ["microsoft", "smith", "reportA", "reportB"],
  },
  welcome: {
    when: "2025-09-25/2025-09-26",
    what:
      "25 or 26 September (not stated). CAIR and No Azure for Apartheid welcome the decision and demand that Microsoft cut all ties " +
      "with the Israeli government.",
    sources: ["cair", "siddiqi", "noAzure", "reportA"],
  },
  wires: {
    when: "2025-09-26",
    what: "Both wire reports are published, dated 26 September 2025 (report A from San Francisco).",
    sources: ["reportA", "reportB"],
  },
  /** Sam's duplicate of the announcement; Lina deletes it. */
  announcementDuplicate: {
    when: "2025-09-25",
    what: "Microsoft cuts the Israeli unit's access to Azure services; Smith announces it to staff.",
    sources: ["smith"],
  },
} satisfies Record<string, EventSeed>;

export type EventKey = keyof typeof TIMELINE;

// ---------------------------------------------------------------- overview memo

/** Maya's first memo, on the second day. */
export const MEMO_DRAFT: RichTextDoc = {
  type: "doc",
  content: [
    ...section("What we know", [
      "Microsoft says it cut an Israeli unit's access to some Azure services used for mass surveillance of civilians (Brad Smith, 25 September).",
      "The decision follows a Guardian-led investigation (with +972 Magazine and Local Call) published in August.",
    ]),
    ...section("What is open", ["Which unit, and which services exactly.", "Whether the data moved."]),
  ],
};

/** The memo as it stands at the end of the seeded history. */
export const MEMO: RichTextDoc = {
  type: "doc",
  content: [
    ...section("What we know", [
      "Microsoft has cut a unit of Israel's defence establishment off from some Azure cloud services. Brad Smith announced it to employees on Thursday 25 September in a message posted online.",
      "Smith: Microsoft found evidence that supports elements of the Guardian's reporting, and does not provide technology to facilitate mass surveillance of civilians.",
      "The trigger: a joint investigation by the Guardian, +972 Magazine and Local Call, published in August 2025, found that the unit stored recordings of Palestinians' phone calls from Gaza and the West Bank on Azure.",
      "Microsoft says its wider work with Israel, including cybersecurity, is not affected.",
      "CAIR and No Azure for Apartheid welcomed the decision. Some employees who took part in protests on company premises have been fired.",
    ]),
    ...section("Where the two reports differ", [
      "The unit: 'an Israeli defense unit' (report A) against 'a unit within the Israeli Ministry of Defence' (report B).",
      "Only report B says the unit plans to move its data to Amazon's cloud (and only 'reportedly').",
      "Only report B names AI services; report A speaks of cloud services only.",
      "Only report B has the UN expert and the review's promise of more information in the coming weeks.",
    ]),
    ...section("What is open", [
      "Which subscriptions and services exactly were disabled, and what the unit keeps.",
      "Whether the data has moved, to Amazon or elsewhere, and what happens to what is on Azure.",
      "What Microsoft's ongoing review will publish, and when.",
      "Which elements of the Guardian's reporting Microsoft accepts; when its review started.",
    ]),
    ...section("Who is chasing", [
      "Maya: Microsoft press office (subscriptions, AI, the review).",
      "Lina: the unit and the IMOD; Amazon on the data move.",
      "Sam: the UN expert's report; the firings.",
    ]),
  ],
};
