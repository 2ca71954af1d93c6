import { z } from "zod";
import { AppError } from "@/lib/errors";
import { listThread } from "@/lib/server/comments";
import { mentionableMembers } from "@/lib/server/notifications/mentions";
import { withUser } from "@/lib/server/route";
import { threadRefSchema } from "@/lib/validations/comments";

const querySchema = threadRefSchema.pick({ entityType: true, entityId: true });

/** GET ?entityType=&entityId= → an entry's comment thread, who can be @mentioned, and who is asking. */
export const GET = withUser<{ storyId: string }>("getCommentThreadRoute", async (user, { storyId }, request) => {
  const search = new URL(request.url).searchParams;
  const parsed = querySchema.safeParse({ entityType: search.get("entityType") ?? "", entityId: search.get("entityId") ?? "" });
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    const problems = Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages[0]}`);
    throw new AppError("VALIDATION", { message: `Name the entry with ?entityType=&entityId= (${problems.join(" ")})`, fieldErrors });
  }
  const thread = await listThread(user, { storyId, ...parsed.data });
  return { thread, members: await mentionableMembers(user, storyId), me: user.id };
});
