import { findSources } from "@/lib/server/sources/list";
import { withUser } from "@/lib/server/route";
import { sourceFiltersSchema } from "@/lib/validations/workspace";

/** GET ?q= → the story's live sources whose name holds the words, as this reader may name them (a picker's search): at most 50, by name. */
export const GET = withUser<{ storyId: string }>("findSourcesRoute", async (user, { storyId }, request) => {
  const { q } = sourceFiltersSchema.parse({ q: new URL(request.url).searchParams.get("q") ?? undefined });
  return { sources: await findSources(user, storyId, q ?? "") };
});
