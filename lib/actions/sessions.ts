"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { endMySessions, endSessionsAsAdmin } from "@/lib/server/sessions";
import { endAllMySessionsSchema, endMySessionSchema, endSessionsSchema } from "@/lib/validations/sessions";

export const endMySessionAction = defineAction("endMySession", endMySessionSchema, async (input, user) => {
  const result = await endMySessions(user, input.sessionId);
  revalidatePath("/account");
  return result;
});

/** The browser then signs out of this session too (the form calls next-auth's signOut). */
export const signOutEverywhereAction = defineAction("signOutEverywhere", endAllMySessionsSchema, async (_input, user) => endMySessions(user));

export const endSessionsAction = defineAction("endSessions", endSessionsSchema, async (input, user) => {
  const result = await endSessionsAsAdmin(user, input);
  revalidatePath("/admin/sessions");
  return result;
});
