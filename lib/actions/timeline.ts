"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { createTimelineEvent, updateTimelineEvent } from "@/lib/server/timeline";
import { createTimelineEventSchema, updateTimelineEventSchema } from "@/lib/validations/timeline";

export const createTimelineEventAction = defineAction("createTimelineEvent", createTimelineEventSchema, async (input, user) => {
  const timelineEvent = await createTimelineEvent(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return timelineEvent;
});

export const updateTimelineEventAction = defineAction("updateTimelineEvent", updateTimelineEventSchema, async (input, user) => {
  const timelineEvent = await updateTimelineEvent(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return timelineEvent;
});
