import { pageTimeZone } from "@/lib/pages";
import { withUser } from "@/lib/server/route";
import { parseInput } from "@/lib/validations/parse";
import { markSeenSchema } from "@/lib/validations/history";
import { storySideData } from "@/components/story/story-side";

/** GET: the story page's side panel (Team, Recent changes) for this reader, asked for by the page
 * once it is idle (components/story/story-side-island.tsx); times in the reader's zone. */
export const GET = withUser<{ storyId: string }>("storySideRoute", async (user, params) => {
  const { storyId } = parseInput(markSeenSchema, params);
  return storySideData(user, storyId, await pageTimeZone());
});
