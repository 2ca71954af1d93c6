"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createQuestion, updateQuestion } from "@/lib/server/questions";
import { createQuestionSchema, updateQuestionSchema } from "@/lib/validations/questions";

export const createQuestionAction = defineAction("createQuestion", createQuestionSchema, async (input, user) => {
  const question = await createQuestion(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return question;
});

export const updateQuestionAction = defineAction("updateQuestion", updateQuestionSchema, async (input, user) => {
  const question = await updateQuestion(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return question;
});
