"use server";
import { defineAction } from "@/lib/actions/define-action";
import { markRead } from "@/lib/server/notifications/inbox";
import { markReadSchema } from "@/lib/validations/notifications";

// The inbox and the header's unread count (in the desk layout) change together.
const inbox = { revalidate: () => ["/notifications", { path: "/", type: "layout" as const }] };

/** One of mine (`notificationId`), or all of mine (no id). */
export const markReadAction = defineAction("markRead", markReadSchema, (input, user) => markRead(user, input), inbox);
export const markAllReadAction = defineAction("markAllRead", markReadSchema, (_input, user) => markRead(user, {}), inbox);
