"use server";
import { defineAction } from "@/lib/actions/define-action";
import { createComment, deleteComment, resolveThread, updateComment } from "@/lib/server/comments";
import { createCommentSchema, deleteCommentSchema, resolveThreadSchema, updateCommentSchema } from "@/lib/validations/comments";
import { storyPage } from "./revalidate";

export const createCommentAction = defineAction("createComment", createCommentSchema, (input, user) => createComment(user, input), storyPage);
export const updateCommentAction = defineAction("updateComment", updateCommentSchema, (input, user) => updateComment(user, input), storyPage);
export const deleteCommentAction = defineAction("deleteComment", deleteCommentSchema, (input, user) => deleteComment(user, input), storyPage);
export const resolveThreadAction = defineAction("resolveThread", resolveThreadSchema, (input, user) => resolveThread(user, input), storyPage);
