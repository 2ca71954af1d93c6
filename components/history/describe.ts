import { KINDS, sentenceOf, type TrackedKind } from "@/lib/entry-kinds/kinds";

// One sentence per revision, the same in the feed, the recent-changes box and comparisons.

const VERBS = { create: "added", update: "changed", delete: "deleted", restore: "restored" } as const;

export function describeRevision(item: {
  entityType: TrackedKind;
  action: keyof typeof VERBS;
  fields: string[];
}): { verb: string; kind: string; detail: string } {
  const sentence = sentenceOf(item.entityType);
  return {
    verb: sentence?.verbs?.[item.action] ?? VERBS[item.action],
    kind: sentence?.kind ?? KINDS[item.entityType].noun,
    detail: sentence?.details ? sentence.details[item.action] : item.fields.join(", ").toLowerCase(),
  };
}

/** An entry's own history page, or the story's feed of that kind for what has none. */
export function historyHref(storyId: string, entityType: TrackedKind, entityId: string) {
  return sentenceOf(entityType)?.entryHistory !== false ? `/stories/${storyId}/history/${entityType}/${entityId}` : `/stories/${storyId}/history?type=${entityType}`;
}
