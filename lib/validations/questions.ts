import { z } from "zod";
import { EMPTY_DOC, richText } from "@/lib/rich-text";
import { PRIORITY_LABELS, enumOf, id, idList, reason, text, version } from "./common";

export const QUESTION_STATUS_LABELS = { open: "Open", chasing: "Chasing", answered: "Answered", dropped: "Dropped" } as const;

const questionFields = {
  storyId: id,
  text: text("The question", 3, 500),
  whyItMatters: z.string().trim().max(2000, "Keep this under 2,000 characters.").default(""),
  priority: enumOf(PRIORITY_LABELS, "Choose a priority.").default("normal"),
  status: enumOf(QUESTION_STATUS_LABELS, "Choose a status.").default("open"),
  answer: richText.default(EMPTY_DOC),
  answerQuoteIds: idList("quotes"),
  answerSourceIds: idList("sources"),
};

export const createQuestionSchema = z.object(questionFields);
export const updateQuestionSchema = z.object({ ...questionFields, questionId: id, version, reason });

export type CreateQuestionInput = z.input<typeof createQuestionSchema>;
export type UpdateQuestionInput = z.input<typeof updateQuestionSchema>;
