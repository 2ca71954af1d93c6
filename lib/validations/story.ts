import { z } from "zod";
import { id, reason, text, version } from "./common";

import { STORY_STATUSES } from "./story-labels";

export { STORY_STATUSES, STORY_STATUS_LABELS, type StoryStatusValue } from "./story-labels";

const title = text("Title", 3, 200);
const summary = z.string().trim().max(5000, "The summary can be at most 5,000 characters.");

export const createStorySchema = z.object({ title, summary: summary.default("") });

export const updateStorySchema = z.object({
  storyId: id,
  version,
  title,
  summary,
  status: z.enum(STORY_STATUSES, { message: "Choose a status." }),
  reason,
});

export type CreateStoryInput = z.input<typeof createStorySchema>;
export type UpdateStoryInput = z.input<typeof updateStorySchema>;

// The memo's schema is in ./story-memo: it needs the rich-text schema (tiptap), which the story's
// other forms and labels must not bring into every page's JavaScript (issue 16).
