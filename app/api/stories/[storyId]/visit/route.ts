import { recordVisit } from "@/lib/server/history/visits";
import { assertSameOrigin } from "@/lib/server/request-body";
import { withUser } from "@/lib/server/route";
import { parseInput } from "@/lib/validations/parse";
import { markSeenSchema } from "@/lib/validations/history";

/** POST: the story page records a view once it has loaded (its GET writes nothing). A route
 * handler, not a server action: an action's reply makes the router drop its prefetched pages and
 * fetch them all again, a second round of RSC requests parsed on the loading page (issue 16, TBT). */
export const POST = withUser<{ storyId: string }>("recordVisitRoute", async (user, params, request) => {
  assertSameOrigin(request);
  const { storyId } = parseInput(markSeenSchema, params);
  await recordVisit(user, storyId);
  return { done: true };
});
