import { KINDS, type TrackedKind } from "@/lib/entry-kinds/kinds";

// One sentence per revision, the same in the feed, the recent-changes box and comparisons.

const VERBS = { create: "added", update: "changed", delete: "deleted", restore: "restored" } as const;

export function describeRevision(item: {
  entityType: TrackedKind;
  action: keyof typeof VERBS;
  fields: string[];
}): { verb: string; kind: string; detail: string } {
  if (item.entityType === "member") {
    const verb = { create: "added", update: "changed the role of", delete: "removed", restore: "added back" }[item.action];
    return { verb, kind: "", detail: item.action === "create" || item.action === "restore" ? "to the team" : item.action === "delete" ? "from the team" : "" };
  }
  if (item.entityType === "story") {
    return { verb: item.action === "create" ? "opened" : VERBS[item.action], kind: "the story", detail: item.fields.length ? item.fields.join(", ").toLowerCase() : "" };
  }
  return { verb: VERBS[item.action], kind: KINDS[item.entityType].noun, detail: item.fields.length ? item.fields.join(", ").toLowerCase() : "" };
}

export const historyHref = (storyId: string, entityType: string, entityId: string) =>
  entityType === "member" ? `/stories/${storyId}/history?type=member` : `/stories/${storyId}/history/${entityType}/${entityId}`;
