import { z } from "zod";
import { COMMENTABLE_KINDS } from "@/lib/entry-kinds/kinds";
import { id, version } from "./common";

const body = z.string().trim().min(1, "Write a comment first.").max(4000, "Keep a comment under 4,000 characters.");
const entity = { storyId: id, entityType: z.enum(COMMENTABLE_KINDS, { message: "Not a kind of entry." }), entityId: id };

export const threadRefSchema = z.object(entity);
export const createCommentSchema = z.object({ ...entity, body });
export const updateCommentSchema = z.object({ storyId: id, commentId: id, version, body });
export const deleteCommentSchema = z.object({ storyId: id, commentId: id, version });
/** Resolve (or reopen) an entry's thread. */
export const resolveThreadSchema = z.object({ ...entity, resolved: z.boolean() });

export type ThreadRefInput = z.input<typeof threadRefSchema>;
export type CreateCommentInput = z.input<typeof createCommentSchema>;
export type UpdateCommentInput = z.input<typeof updateCommentSchema>;
export type DeleteCommentInput = z.input<typeof deleteCommentSchema>;
export type ResolveThreadInput = z.input<typeof resolveThreadSchema>;
