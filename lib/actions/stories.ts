"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createStory, updateMemo, updateStory } from "@/lib/server/stories";
import { createStorySchema, updateMemoSchema, updateStorySchema } from "@/lib/validations/story";

export const createStoryAction = defineAction("createStory", createStorySchema, async (input, user) => {
  const story = await createStory(user, input);
  revalidatePath("/");
  return { id: story.id };
});

export const updateStoryAction = defineAction("updateStory", updateStorySchema, async (input, user) => {
  const story = await updateStory(user, input);
  revalidatePath(`/stories/${story.id}`);
  return story;
});

export const updateMemoAction = defineAction("updateMemo", updateMemoSchema, async (input, user) => {
  const story = await updateMemo(user, input);
  revalidatePath(`/stories/${story.id}`);
  return story;
});
