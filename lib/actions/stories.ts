"use server";
import { defineAction } from "@/lib/actions/define-action";
import { createStory, updateMemo, updateStory } from "@/lib/server/stories";
import { createStorySchema, updateStorySchema } from "@/lib/validations/story";
import { updateMemoSchema } from "@/lib/validations/story-memo";
import { storyPage } from "./revalidate";

export const createStoryAction = defineAction("createStory", createStorySchema, async (input, user) => ({ id: (await createStory(user, input)).id }), {
  revalidate: () => ["/"],
});
export const updateStoryAction = defineAction("updateStory", updateStorySchema, (input, user) => updateStory(user, input), storyPage);
export const updateMemoAction = defineAction("updateMemo", updateMemoSchema, (input, user) => updateMemo(user, input), storyPage);
