"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createComment, deleteComment, resolveThread, updateComment } from "@/lib/server/comments";
import { createCommentSchema, deleteCommentSchema, resolveThreadSchema, updateCommentSchema } from "@/lib/validations/comments";

export const createCommentAction = defineAction("createComment", createCommentSchema, async (input, user) => {
  const comment = await createComment(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return comment;
});

export const updateCommentAction = defineAction("updateComment", updateCommentSchema, async (input, user) => {
  const comment = await updateComment(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return comment;
});

export const deleteCommentAction = defineAction("deleteComment", deleteCommentSchema, async (input, user) => {
  const comment = await deleteComment(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return comment;
});

export const resolveThreadAction = defineAction("resolveThread", resolveThreadSchema, async (input, user) => {
  const thread = await resolveThread(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return thread;
});
