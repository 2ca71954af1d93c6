import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404, storyPageRequest, type StoryPageProps } from "@/lib/pages";
import { listHistory } from "@/lib/server/history/feed";
import { getStory } from "@/lib/server/stories";
import { historyFiltersSchema } from "@/lib/validations/history";
import { HistoryFeed } from "@/components/history/history-feed";
import { HistoryFilterForm } from "@/components/history/history-filters";
import { StoryNav } from "@/components/history/story-nav";
import { EmptyState } from "@/components/workspace/empty-state";
import { LiveStory } from "@/components/live/live-story";

export const metadata: Metadata = { title: "History" };

export default async function HistoryPage(props: StoryPageProps) {
  const { user, storyId, query, timeZone } = await storyPageRequest(props);
  const filters = historyFiltersSchema.parse(query);
  const [{ story, access }, feed] = await loadOr404(() => Promise.all([getStory(user, storyId), listHistory(user, storyId, filters, timeZone)]));
  const filtered = Boolean(filters.type || filters.actor || filters.action || filters.from || filters.to);
  const older = new URLSearchParams({ ...query, before: String(feed.nextBefore ?? "") });

  return (
    <div className="flex flex-col gap-4">
      <StoryNav storyId={story.id} storyTitle={story.title} active="history" title="History" canAudit={access.role === "lead"}>
        <p className="text-sm text-slate-600">
          Every change to this story, who made it, when and why. {feed.head.seq.toLocaleString("en")} revisions; times in {timeZone}.
        </p>
        <p className="text-xs text-slate-500">
          Chain head: revision #{feed.head.seq} <code className="break-all font-mono text-slate-700">{feed.head.hash ?? "(empty)"}</code>
          {" — "}compare it with a printed dossier, or run <code className="font-mono">npm run audit:verify {story.slug}</code>.
        </p>
      </StoryNav>
      <LiveStory storyId={story.id} seq={feed.head.seq} place="history" />
      <HistoryFilterForm storyId={story.id} filters={filters} people={feed.people} />
      {feed.items.length === 0 ? (
        <EmptyState title={filtered ? "No change matches these filters." : "No changes yet."}>
          {filtered ? "Widen the time range or clear the filters." : "Changes appear here as the team logs sources, quotes, questions and events."}
        </EmptyState>
      ) : (
        <HistoryFeed items={feed.items} storyId={story.id} timeZone={timeZone} />
      )}
      <nav aria-label="History pages" className="flex justify-between text-sm">
        {filters.before ? (
          <Link href={`/stories/${story.id}/history?${new URLSearchParams(Object.entries(query).filter(([key]) => key !== "before"))}`} className="text-blue-700 hover:underline">
            ← Newest changes
          </Link>
        ) : (
          <span />
        )}
        {feed.nextBefore ? (
          <Link href={`/stories/${story.id}/history?${older}`} className="text-blue-700 hover:underline">
            Older changes →
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
