import { QUESTION_PRIORITY_LABELS, QUESTION_STATUS_LABELS } from "@/lib/validations/questions";
import { QUOTE_MEDIUM_LABELS, QUOTE_USE_LABELS, VERIFICATION_LABELS } from "@/lib/validations/quotes";
import { PROTECTION_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS } from "@/lib/validations/sources";
import { STORY_STATUS_LABELS } from "@/lib/validations/story";
import { MEMBER_ROLE_LABELS } from "@/lib/validations/member";
import { FOLLOW_UP_RESPONSE_LABELS, FOLLOW_UP_STATUS_LABELS } from "@/lib/validations/follow-ups";

// What each kind of entry's revisions hold, field by field, and how a person reads them.
// The snapshot keys are the table's columns (snake_case), as the ledger trigger stored them.

export const HISTORY_ENTITY_TYPES = ["story", "member", "source", "quote", "question", "timeline_event", "follow_up", "comment"] as const;
export type HistoryEntityType = (typeof HISTORY_ENTITY_TYPES)[number];

/** Entry kinds that can be restored to an earlier revision (the story itself too: title, summary, memo). */
export const RESTORABLE_TYPES = ["story", "source", "quote", "question", "timeline_event"] as const;
export type RestorableType = (typeof RESTORABLE_TYPES)[number];

export const ENTITY_LABELS: Record<HistoryEntityType, { one: string; many: string }> = {
  story: { one: "story", many: "Story and memo" },
  member: { one: "team member", many: "Team" },
  source: { one: "source", many: "Sources" },
  quote: { one: "quote", many: "Quotes" },
  question: { one: "question", many: "Questions" },
  timeline_event: { one: "timeline event", many: "Timeline" },
  follow_up: { one: "follow-up", many: "Follow-ups" },
  comment: { one: "comment", many: "Comments" },
};

export type FieldSpec =
  | { key: string; label: string; type: "text" | "rich" | "link" }
  /** A confidential source's name or affiliation: encrypted when the snapshot says so. */
  | { key: string; label: string; type: "identity" }
  /** Never shown in history, to anyone: only that it changed. */
  | { key: string; label: string; type: "secret" }
  | { key: string; label: string; type: "enum"; labels: Record<string, string> }
  | { key: string; label: string; type: "moment"; precisionKey: string }
  | { key: string; label: string; type: "source" | "sources" | "quotes" | "user" }
  /** The entry a follow-up links to; its kind is in `kindKey`. */
  | { key: string; label: string; type: "entry"; kindKey: string };

export const FIELD_SPECS: Record<HistoryEntityType, FieldSpec[]> = {
  story: [
    { key: "title", label: "Title", type: "text" },
    { key: "summary", label: "Summary", type: "text" },
    { key: "status", label: "Status", type: "enum", labels: STORY_STATUS_LABELS },
    { key: "memo", label: "Memo", type: "rich" },
  ],
  member: [
    { key: "user_id", label: "Person", type: "user" },
    { key: "role", label: "Role", type: "enum", labels: MEMBER_ROLE_LABELS },
  ],
  source: [
    { key: "name", label: "Name", type: "identity" },
    { key: "kind", label: "Kind", type: "enum", labels: SOURCE_KIND_LABELS },
    { key: "affiliation", label: "Affiliation", type: "identity" },
    { key: "protection", label: "Protection", type: "enum", labels: PROTECTION_LABELS },
    { key: "alias", label: "Alias", type: "text" },
    { key: "reliability", label: "Reliability", type: "enum", labels: RELIABILITY_LABELS },
    { key: "link", label: "Link", type: "link" },
    { key: "contact", label: "Contact details", type: "secret" },
    { key: "notes", label: "Notes", type: "rich" },
  ],
  quote: [
    { key: "text", label: "Words", type: "text" },
    { key: "speaker_id", label: "Speaker", type: "source" },
    { key: "said_at", label: "Said", type: "moment", precisionKey: "said_at_precision" },
    { key: "medium", label: "Medium", type: "enum", labels: QUOTE_MEDIUM_LABELS },
    { key: "language", label: "Language", type: "text" },
    { key: "verification", label: "Verification", type: "enum", labels: VERIFICATION_LABELS },
    { key: "use", label: "Use", type: "enum", labels: QUOTE_USE_LABELS },
    { key: "link", label: "Link", type: "link" },
    { key: "notes", label: "Notes", type: "rich" },
  ],
  question: [
    { key: "text", label: "Question", type: "text" },
    { key: "why_it_matters", label: "Why it matters", type: "text" },
    { key: "priority", label: "Priority", type: "enum", labels: QUESTION_PRIORITY_LABELS },
    { key: "status", label: "Status", type: "enum", labels: QUESTION_STATUS_LABELS },
    { key: "answer", label: "Answer", type: "rich" },
    { key: "answer_quote_ids", label: "Answering quotes", type: "quotes" },
    { key: "answer_source_ids", label: "Answering sources", type: "sources" },
  ],
  timeline_event: [
    { key: "occurred_at", label: "When", type: "moment", precisionKey: "precision" },
    { key: "what", label: "What happened", type: "text" },
    { key: "source_ids", label: "According to", type: "sources" },
  ],
  follow_up: [
    { key: "title", label: "Title", type: "text" },
    { key: "details", label: "Details", type: "text" },
    { key: "assignee_id", label: "Assignee", type: "user" },
    { key: "assigned_by_id", label: "Assigned by", type: "user" },
    { key: "due_at", label: "Due", type: "moment", precisionKey: "" },
    { key: "priority", label: "Priority", type: "enum", labels: QUESTION_PRIORITY_LABELS },
    { key: "status", label: "Status", type: "enum", labels: FOLLOW_UP_STATUS_LABELS },
    { key: "response", label: "Accepted or declined", type: "enum", labels: FOLLOW_UP_RESPONSE_LABELS },
    { key: "response_note", label: "Reason for declining", type: "text" },
    { key: "completion_note", label: "Completion note", type: "text" },
    { key: "link_id", label: "About", type: "entry", kindKey: "link_kind" },
  ],
  comment: [
    { key: "body", label: "Comment", type: "text" },
    { key: "resolved_at", label: "Resolved", type: "moment", precisionKey: "" },
  ],
};

/** The field a changed column is shown under (a moment's precision belongs to the moment). */
export function fieldOfColumn(entityType: HistoryEntityType, column: string): FieldSpec | undefined {
  return FIELD_SPECS[entityType].find(
    (spec) => spec.key === column || (spec.type === "moment" && spec.precisionKey === column) || (spec.type === "entry" && spec.kindKey === column),
  );
}

export function isHistoryEntityType(value: string): value is HistoryEntityType {
  return (HISTORY_ENTITY_TYPES as readonly string[]).includes(value);
}
