import { z } from "zod";
import { richText } from "@/lib/rich-text";
import { id, reason, version } from "./common";

// A story's memo, apart from ./story: its rich-text schema brings tiptap's schema code, which
// only the memo's editor (loaded when opened) and its action need.
export const updateMemoSchema = z.object({ storyId: id, version, memo: richText, reason });
export type UpdateMemoInput = z.input<typeof updateMemoSchema>;
