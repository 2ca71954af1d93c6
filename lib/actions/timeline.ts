"use server";
import { defineAction } from "@/lib/actions/define-action";
import { createTimelineEvent, updateTimelineEvent } from "@/lib/server/timeline";
import { createTimelineEventSchema, updateTimelineEventSchema } from "@/lib/validations/timeline";
import { pagesOf } from "./revalidate";

export const createTimelineEventAction = defineAction("createTimelineEvent", createTimelineEventSchema, (input, user) => createTimelineEvent(user, input), pagesOf("timeline_event"));
export const updateTimelineEventAction = defineAction("updateTimelineEvent", updateTimelineEventSchema, (input, user) => updateTimelineEvent(user, input), pagesOf("timeline_event"));
