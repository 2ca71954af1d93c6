"use server";
import { defineAction } from "@/lib/actions/define-action";
import { createFollowUp, respondToFollowUp, setFollowUpStatus, updateFollowUp } from "@/lib/server/follow-ups/write";
import { createFollowUpSchema, respondToFollowUpSchema, setFollowUpStatusSchema, updateFollowUpSchema } from "@/lib/validations/follow-ups";
import { pagesOf } from "./revalidate";

// A follow-up shows on the story, in My follow-ups and in the header's counts (the registry's pagesShowing).
const pages = pagesOf("follow_up");

export const createFollowUpAction = defineAction("createFollowUp", createFollowUpSchema, (input, user) => createFollowUp(user, input), pages);
export const updateFollowUpAction = defineAction("updateFollowUp", updateFollowUpSchema, (input, user) => updateFollowUp(user, input), pages);
export const setFollowUpStatusAction = defineAction("setFollowUpStatus", setFollowUpStatusSchema, (input, user) => setFollowUpStatus(user, input), pages);
export const respondToFollowUpAction = defineAction("respondToFollowUp", respondToFollowUpSchema, (input, user) => respondToFollowUp(user, input), pages);
