"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { restoreRevision } from "@/lib/server/history/restore";
import { markCaughtUp, recordVisit } from "@/lib/server/history/visits";
import { markSeenSchema, restoreRevisionSchema } from "@/lib/validations/history";

export const restoreRevisionAction = defineAction("restoreRevision", restoreRevisionSchema, async (input, user) => {
  const result = await restoreRevision(user, input);
  revalidatePath(`/stories/${input.storyId}`, "layout");
  return result;
});

export const markCaughtUpAction = defineAction("markCaughtUp", markSeenSchema, async (input, user) => {
  await markCaughtUp(user, input.storyId);
  revalidatePath(`/stories/${input.storyId}`);
  return { done: true };
});

/** The story page records the view after it has loaded (a page view, a GET, writes nothing). No revalidation: nothing shown changes. */
export const recordVisitAction = defineAction("recordVisit", markSeenSchema, async (input, user) => {
  await recordVisit(user, input.storyId);
  return { done: true };
});
