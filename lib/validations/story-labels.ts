// A story's statuses, by name: apart from ./story (the schemas, zod) so that client code naming
// a status does not evaluate zod on load (issue 16).

export const STORY_STATUSES = ["developing", "on_hold", "published", "archived"] as const;
export type StoryStatusValue = (typeof STORY_STATUSES)[number];
export const STORY_STATUS_LABELS: Record<StoryStatusValue, string> = {
  developing: "Developing",
  on_hold: "On hold",
  published: "Published",
  archived: "Archived",
};
