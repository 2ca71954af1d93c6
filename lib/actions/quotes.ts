"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createQuote, updateQuote } from "@/lib/server/quotes";
import { createQuoteSchema, updateQuoteSchema } from "@/lib/validations/quotes";

export const createQuoteAction = defineAction("createQuote", createQuoteSchema, async (input, user) => {
  const quote = await createQuote(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return quote;
});

export const updateQuoteAction = defineAction("updateQuote", updateQuoteSchema, async (input, user) => {
  const quote = await updateQuote(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return quote;
});
