"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { markRead } from "@/lib/server/notifications/inbox";
import { markReadSchema } from "@/lib/validations/notifications";

// The inbox and the header's unread count (in the desk layout) change together.
function revalidateInbox(): void {
  revalidatePath("/notifications");
  revalidatePath("/", "layout");
}

/** One of mine (`notificationId`), or all of mine (no id). */
export const markReadAction = defineAction("markRead", markReadSchema, async (input, user) => {
  const result = await markRead(user, input);
  revalidateInbox();
  return result;
});

export const markAllReadAction = defineAction("markAllRead", markReadSchema, async (_input, user) => {
  const result = await markRead(user, {});
  revalidateInbox();
  return result;
});
