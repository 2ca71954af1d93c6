import { z } from "zod";
import { id, version } from "./common";

/** Every kind of entry has a comment thread. */
export const COMMENT_ENTITY_TYPES = ["source", "quote", "question", "follow_up", "timeline_event"] as const;
export type CommentEntityType = (typeof COMMENT_ENTITY_TYPES)[number];

const body = z.string().trim().min(1, "Write a comment first.").max(4000, "Keep a comment under 4,000 characters.");
const entity = { storyId: id, entityType: z.enum(COMMENT_ENTITY_TYPES, { message: "Not a kind of entry." }), entityId: id };

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
