"use server";
import { defineAction } from "@/lib/actions/define-action";
import { createStory, updateMemo, updateStory } from "@/lib/server/stories";
import { createStorySchema, updateMemoSchema, updateStorySchema } from "@/lib/validations/story";
import { storyPage } from "./revalidate";

export const createStoryAction = defineAction("createStory", createStorySchema, async (input, user) => ({ id: (await createStory(user, input)).id }), {
  revalidate: () => ["/"],
});
export const updateStoryAction = defineAction("updateStory", updateStorySchema, (input, user) => updateStory(user, input), storyPage);
export const updateMemoAction = defineAction("updateMemo", updateMemoSchema, (input, user) => updateMemo(user, input), storyPage);
