import Link from "next/link";
import type { AsOfWorkspace } from "@/lib/server/history/as-of";
import { isEmptyRichText } from "@/lib/rich-text";
import { STORY_STATUS_LABELS, type StoryStatusValue } from "@/lib/validations/story";
import type { Panel } from "@/lib/validations/workspace";
import { RichTextView } from "@/components/editor/rich-text-view";
import { QuestionSummary } from "@/components/questions/questions-panel";
import { QuoteSummary } from "@/components/quotes/quotes-panel";
import { SourceSummary } from "@/components/sources/sources-panel";
import { EventSummary } from "@/components/timeline/timeline-panel";
import { FollowUpSummary } from "@/components/follow-ups/follow-up-summary";
import { EmptyState } from "@/components/workspace/empty-state";
import { Pagination } from "@/components/workspace/pagination";

type Item = { id: string; node: React.ReactNode; label: string };

function ReadOnlyList({ storyId, kind, items }: { storyId: string; kind: string; items: Item[] }) {
  if (items.length === 0) return <EmptyState title="Nothing here at that moment.">Pick a later moment, or another panel.</EmptyState>;
  return (
    <ul className="flex flex-col gap-2">
      {items.map((item) => (
        <li key={item.id}>
          <article aria-label={item.label} className="flex gap-3 rounded border border-slate-200 bg-white p-3">
            <div className="min-w-0 flex-1">{item.node}</div>
            <Link href={`/stories/${storyId}/history/${kind}/${item.id}`} aria-label={`History of ${item.label}`} className="h-8 shrink-0 rounded px-2 text-sm leading-8 text-slate-600 hover:bg-slate-100">
              History
            </Link>
          </article>
        </li>
      ))}
    </ul>
  );
}

/** One panel of the workspace as it stood: the live panels' summaries, without any controls. */
export function AsOfPanel({
  storyId,
  panel,
  workspace,
  params,
  timeZone,
}: {
  storyId: string;
  panel: Panel;
  workspace: AsOfWorkspace;
  params: Record<string, string>;
  timeZone: string;
}) {
  if (panel === "overview") {
    const story = workspace.story;
    if (!story) return <EmptyState title="The story did not exist yet.">Pick a later moment.</EmptyState>;
    return (
      <section aria-label="Overview" className="flex flex-col gap-3">
        <div className="rounded border border-slate-200 bg-white p-3">
          <p className="text-xs text-slate-500">Status then: {STORY_STATUS_LABELS[story.status as StoryStatusValue] ?? story.status}</p>
          <h2 className="text-lg font-semibold">{story.title}</h2>
          {story.summary ? <p className="whitespace-pre-wrap text-sm text-slate-700">{story.summary}</p> : null}
        </div>
        {isEmptyRichText(story.memo) ? (
          <EmptyState title="No memo at that moment.">The memo was written later.</EmptyState>
        ) : (
          <RichTextView doc={story.memo} className="rounded border border-slate-200 bg-white p-3" />
        )}
      </section>
    );
  }
  const page = workspace.sources ?? workspace.quotes ?? workspace.questions ?? workspace.timeline ?? workspace.followUps;
  const items: Item[] =
    workspace.sources?.items.map((source) => ({ id: source.id, label: source.displayName, node: <SourceSummary source={source} storyId={storyId} live={false} /> })) ??
    workspace.quotes?.items.map((quote) => ({ id: quote.id, label: `quote by ${quote.speaker.label}`, node: <QuoteSummary quote={quote} storyId={storyId} /> })) ??
    workspace.questions?.items.map((question) => ({ id: question.id, label: question.text, node: <QuestionSummary question={question} /> })) ??
    workspace.timeline?.items.map((event) => ({ id: event.id, label: event.what, node: <EventSummary event={event} /> })) ??
    workspace.followUps?.items.map((followUp) => ({ id: followUp.id, label: `follow-up ${followUp.title}`, node: <FollowUpSummary followUp={followUp} storyId={storyId} timeZone={timeZone} /> })) ??
    [];
  const kind = { sources: "source", quotes: "quote", questions: "question", timeline: "timeline_event", "follow-ups": "follow_up" }[panel];
  return (
    <section aria-label={`${panel[0]!.toUpperCase()}${panel.slice(1)} as of then`} className="flex flex-col gap-3">
      <form method="get" className="flex items-end gap-2 text-sm" aria-label="Search this panel">
        {Object.entries(params)
          .filter(([key]) => key !== "q" && key !== "page")
          .map(([key, value]) => (
            <input key={key} type="hidden" name={key} value={value} />
          ))}
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600">Search</span>
          <input type="search" name="q" defaultValue={params.q ?? ""} className="h-8 w-64 rounded border border-slate-300 px-2" />
        </label>
      </form>
      <ReadOnlyList storyId={storyId} kind={kind} items={items} />
      {page ? <Pagination page={page.page} pageCount={page.pageCount} total={page.total} params={params} /> : null}
    </section>
  );
}
