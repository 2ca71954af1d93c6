"use server";
import { defineAction } from "@/lib/actions/define-action";
import { createClaim, updateClaim } from "@/lib/server/evidence/claims";
import { logQuoteFromDocument } from "@/lib/server/evidence/quotes";
import { createClaimSchema, quoteFromDocumentSchema, updateClaimSchema } from "@/lib/validations/evidence";
import { pagesOf } from "./revalidate";

// Documents are imported through a route handler (a file is more than an action's body takes:
// app/api/stories/[storyId]/documents); quotes from them and claims are actions like any entry's.
export const logQuoteFromDocumentAction = defineAction("logQuoteFromDocument", quoteFromDocumentSchema, (input, user) => logQuoteFromDocument(user, input), pagesOf("quote"));
export const createClaimAction = defineAction("createClaim", createClaimSchema, (input, user) => createClaim(user, input), pagesOf("claim"));
export const updateClaimAction = defineAction("updateClaim", updateClaimSchema, (input, user) => updateClaim(user, input), pagesOf("claim"));
