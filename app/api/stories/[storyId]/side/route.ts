import { pageTimeZone } from "@/lib/pages";
import { withUser } from "@/lib/server/route";
import { parseInput } from "@/lib/validations/parse";
import { storyRefSchema } from "@/lib/validations/common";
import { storySideData } from "@/components/story/story-side";

/** GET: the story page's side panel (Team, Recent changes) for this reader, asked for by the page
 * once it is idle (components/story/story-side-island.tsx); times in the reader's zone. */
export const GET = withUser<{ storyId: string }>("storySideRoute", async (user, params) => {
  const { storyId } = parseInput(storyRefSchema, params);
  return storySideData(user, storyId, await pageTimeZone());
});
