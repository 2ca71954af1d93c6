"use server";
import { defineAction } from "@/lib/actions/define-action";
import { restoreRevision } from "@/lib/server/history/restore";
import { markCaughtUp } from "@/lib/server/history/visits";
import { markSeenSchema, restoreRevisionSchema } from "@/lib/validations/history";
import { storyPage } from "./revalidate";

// A restore can change any page of the story (the entry's history, as of, the workspace).
export const restoreRevisionAction = defineAction("restoreRevision", restoreRevisionSchema, (input, user) => restoreRevision(user, input), {
  revalidate: (input) => [{ path: `/stories/${input.storyId}`, type: "layout" }],
});

export const markCaughtUpAction = defineAction(
  "markCaughtUp",
  markSeenSchema,
  async (input, user) => {
    await markCaughtUp(user, input.storyId);
    return { done: true };
  },
  storyPage,
);
