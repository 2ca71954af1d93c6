"use server";
import { defineAction } from "@/lib/actions/define-action";
import { verifyChainFor } from "@/lib/server/audit";
import { signCheckpointFor } from "@/lib/server/ledger/admin";
import { verifyChainSchema } from "@/lib/validations/audit";

// Verification reads and changes nothing: no revalidation.
export const verifyChainAction = defineAction("verifyChain", verifyChainSchema, async (input, user) => verifyChainFor(user, input.chain));

// A new signed checkpoint changes only the checkpoint table: the page re-reads it on its own.
export const signCheckpointAction = defineAction("signCheckpoint", verifyChainSchema, async (input, user) => signCheckpointFor(user, input.chain));
