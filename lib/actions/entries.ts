"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { deleteEntry, restoreEntry } from "@/lib/server/entries";
import { entryRefSchema } from "@/lib/validations/entries";

export const deleteEntryAction = defineAction("deleteEntry", entryRefSchema, async (input, user) => {
  const result = await deleteEntry(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return result;
});

export const restoreEntryAction = defineAction("restoreEntry", entryRefSchema, async (input, user) => {
  const result = await restoreEntry(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return result;
});
