import { recordVisit } from "@/lib/server/history/visits";
import { assertSameOrigin } from "@/lib/server/request-body";
import { withUser } from "@/lib/server/route";
import { parseInput } from "@/lib/validations/parse";
import { storyRefSchema } from "@/lib/validations/common";

/** POST: the story page records a view once it has loaded (its GET writes nothing). A route
 * handler, not a server action: a pending action holds the router's queue, so a click on a tab
 * right after the page loaded waited for it (issue 16). */
export const POST = withUser<{ storyId: string }>("recordVisitRoute", async (user, params, request) => {
  assertSameOrigin(request);
  const { storyId } = parseInput(storyRefSchema, params);
  await recordVisit(user, storyId);
  return { done: true };
});
