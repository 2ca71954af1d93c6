import type { Metadata } from "next";
import { loadOr404, storyPageRequest, type StoryPageProps } from "@/lib/pages";
import { storyAccessAndHead } from "@/lib/server/access";
import { getStoryWithHead } from "@/lib/server/stories";
import { kindOfPanel } from "@/lib/entry-kinds/kinds";
import { panelOf } from "@/lib/validations/workspace";
import { StorySide } from "@/components/story/story-side-island";
import { StoryHeader, StoryOverview } from "@/components/story/story-header";
import { ENTRY_UI } from "@/components/workspace/entry-ui";
import { PanelReady } from "@/components/workspace/shortcuts";

// On the overview the page's first statement also reads its header's counts and since-your-last-visit (lib/pages.ts).
const FIRST_READ = (query: Record<string, string>) => ({ workspace: panelOf(query.tab) === "overview" });

export async function generateMetadata(props: StoryPageProps): Promise<Metadata> {
  const { user, storyId } = await storyPageRequest(props, FIRST_READ);
  const { story } = await loadOr404(() => getStoryWithHead(user, storyId));
  return { title: story.title };
}

export default async function StoryPage(props: StoryPageProps) {
  const { user, storyId, query, timeZone } = await storyPageRequest(props, FIRST_READ);
  // The access check first: a story the user may not see is a 404, and every read of the page
  // waits for it (one query per request). It reads the story's sequence number too, before
  // anything the page shows (the live stream replays what follows). Then the header's reads
  // (the story's row, the tabs' counts, since your last visit) and the panel's run side by
  // side: two components React renders at once, each authorizing through that same check.
  const { access, head: seq } = await loadOr404(() => storyAccessAndHead(user, storyId, "reader"));
  const panel = panelOf(query.tab);
  const kind = kindOfPanel(panel);
  const EntryPanel = kind ? ENTRY_UI[kind].Panel : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="flex min-w-0 flex-col gap-4">
        <StoryHeader access={access} timeZone={timeZone} seq={seq} panel={panel} />
        {EntryPanel ? <EntryPanel user={user} access={access} params={query} timeZone={timeZone} /> : <StoryOverview access={access} />}
        <PanelReady panel={panel} />
      </div>
      <aside className="flex flex-col gap-4">
        {/* Team and Recent changes: asked for once the page is idle, again when the chain moves on. */}
        <StorySide storyId={access.storyId} seq={seq} />
      </aside>
    </div>
  );
}
