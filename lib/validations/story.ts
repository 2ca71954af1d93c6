import { z } from "zod";
import { richText } from "@/lib/rich-text";
import { id, reason, text, version } from "./common";

export const STORY_STATUSES = ["developing", "on_hold", "published", "archived"] as const;
export type StoryStatusValue = (typeof STORY_STATUSES)[number];
export const STORY_STATUS_LABELS: Record<StoryStatusValue, string> = {
  developing: "Developing",
  on_hold: "On hold",
  published: "Published",
  archived: "Archived",
};

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

export const updateMemoSchema = z.object({ storyId: id, version, memo: richText, reason });
export type UpdateMemoInput = z.input<typeof updateMemoSchema>;
