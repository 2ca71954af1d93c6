import { KINDS, isTrackedKind } from "@/lib/entry-kinds/kinds";
import { FOLLOW_UP_RESPONSE_LABELS, FOLLOW_UP_STATUS_LABELS } from "@/lib/validations/follow-ups";
import { REVISION_ACTION_LABELS } from "@/lib/validations/history";
import { PRIORITY_LABELS } from "@/lib/validations/common";
import { QUESTION_STATUS_LABELS } from "@/lib/validations/questions";
import { QUOTE_MEDIUM_LABELS, QUOTE_USE_LABELS, VERIFICATION_LABELS } from "@/lib/validations/quotes";
import { PROTECTION_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS } from "@/lib/validations/sources";
import { STORY_STATUS_LABELS } from "@/lib/validations/story";

// The words for the dossier's enum values, shared by the HTML (PDF) and Markdown renderings.

const MAPS = {
  storyStatus: STORY_STATUS_LABELS,
  protection: PROTECTION_LABELS,
  reliability: RELIABILITY_LABELS,
  sourceKind: SOURCE_KIND_LABELS,
  medium: QUOTE_MEDIUM_LABELS,
  verification: VERIFICATION_LABELS,
  use: QUOTE_USE_LABELS,
  priority: PRIORITY_LABELS,
  questionStatus: QUESTION_STATUS_LABELS,
  followUpStatus: FOLLOW_UP_STATUS_LABELS,
  response: FOLLOW_UP_RESPONSE_LABELS,
  action: REVISION_ACTION_LABELS,
} as const;

export function labelOf(map: keyof typeof MAPS, value: string): string {
  return (MAPS[map] as Record<string, string>)[value] ?? value;
}

export function entityLabel(type: string): string {
  return isTrackedKind(type) ? KINDS[type].noun : type;
}
