"use server";
import { defineAction } from "@/lib/actions/define-action";
import { createQuote, updateQuote } from "@/lib/server/quotes";
import { createQuoteSchema, updateQuoteSchema } from "@/lib/validations/quotes";
import { pagesOf } from "./revalidate";

export const createQuoteAction = defineAction("createQuote", createQuoteSchema, (input, user) => createQuote(user, input), pagesOf("quote"));
export const updateQuoteAction = defineAction("updateQuote", updateQuoteSchema, (input, user) => updateQuote(user, input), pagesOf("quote"));
