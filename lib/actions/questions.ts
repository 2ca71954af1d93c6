"use server";
import { defineAction } from "@/lib/actions/define-action";
import { createQuestion, updateQuestion } from "@/lib/server/questions";
import { createQuestionSchema, updateQuestionSchema } from "@/lib/validations/questions";
import { pagesOf } from "./revalidate";

export const createQuestionAction = defineAction("createQuestion", createQuestionSchema, (input, user) => createQuestion(user, input), pagesOf("question"));
export const updateQuestionAction = defineAction("updateQuestion", updateQuestionSchema, (input, user) => updateQuestion(user, input), pagesOf("question"));
