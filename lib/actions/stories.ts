"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createStory, updateStory } from "@/lib/server/stories";
import { createStorySchema, updateStorySchema } from "@/lib/validations/story";

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
