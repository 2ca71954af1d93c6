"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createFollowUp, respondToFollowUp, setFollowUpStatus, updateFollowUp } from "@/lib/server/follow-ups/write";
import { createFollowUpSchema, respondToFollowUpSchema, setFollowUpStatusSchema, updateFollowUpSchema } from "@/lib/validations/follow-ups";

// A follow-up shows on the story, in My follow-ups and in the header's counts: refresh them all.
function refresh(storyId: string) {
  revalidatePath(`/stories/${storyId}`);
  revalidatePath("/follow-ups");
  revalidatePath("/", "layout");
}

export const createFollowUpAction = defineAction("createFollowUp", createFollowUpSchema, async (input, user) => {
  const followUp = await createFollowUp(user, input);
  refresh(input.storyId);
  return followUp;
});

export const updateFollowUpAction = defineAction("updateFollowUp", updateFollowUpSchema, async (input, user) => {
  const followUp = await updateFollowUp(user, input);
  refresh(input.storyId);
  return followUp;
});

export const setFollowUpStatusAction = defineAction("setFollowUpStatus", setFollowUpStatusSchema, async (input, user) => {
  const followUp = await setFollowUpStatus(user, input);
  refresh(input.storyId);
  return followUp;
});

export const respondToFollowUpAction = defineAction("respondToFollowUp", respondToFollowUpSchema, async (input, user) => {
  const followUp = await respondToFollowUp(user, input);
  refresh(input.storyId);
  return followUp;
});
