"use server";
import { defineAction } from "@/lib/actions/define-action";
import { verifyChainFor } from "@/lib/server/audit";
import { verifyChainSchema } from "@/lib/validations/audit";

// Verification reads and changes nothing: no revalidation.
export const verifyChainAction = defineAction("verifyChain", verifyChainSchema, async (input, user) => verifyChainFor(user, input.chain));
