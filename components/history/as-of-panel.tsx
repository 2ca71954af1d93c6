import Link from "next/link";
import type { ViewOf } from "@/lib/entry-kinds";
import { KINDS, kindOfPanel, type EntryKind, type Panel } from "@/lib/entry-kinds/kinds";
import type { AsOfWorkspace } from "@/lib/server/history/as-of";
import type { Page } from "@/lib/server/paging";
import { isEmptyRichText } from "@/lib/rich-text";
import { STORY_STATUS_LABELS, type StoryStatusValue } from "@/lib/validations/story";
import { RichTextView } from "@/components/editor/rich-text-view";
import { EmptyState } from "@/components/workspace/empty-state";
import { LinkList } from "@/components/workspace/link-list";
import { ENTRY_UI, type EntryUiOf } from "@/components/workspace/entry-ui";
import { Pagination } from "@/components/workspace/pagination";

type Item = { id: string; node: React.ReactNode; label: string };

function ReadOnlyList({ storyId, kind, items }: { storyId: string; kind: string; items: Item[] }) {
  if (items.length === 0) return <EmptyState title="Nothing here at that moment.">Pick a later moment, or another panel.</EmptyState>;
  return (
    <LinkList className="flex flex-col gap-2">
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
    </LinkList>
  );
}

/** A page of one kind's entries as their summaries, each with its accessible name. */
function itemsOf<K extends EntryKind>(entries: { kind: K; page: Page<ViewOf<K>> }, storyId: string, timeZone: string): Item[] {
  const ui = ENTRY_UI[entries.kind] as unknown as EntryUiOf<K>;
  return entries.page.items.map((view) => ({ id: view.id, label: ui.labelOf(view), node: <ui.Summary view={view} storyId={storyId} timeZone={timeZone} /> }));
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
  const entries = workspace.entries;
  const items: Item[] = entries ? itemsOf(entries, storyId, timeZone) : [];
  const kind = kindOfPanel(panel)!;
  return (
    <section aria-label={`${panel[0]!.toUpperCase()}${panel.slice(1)} as of then`} className="flex flex-col gap-3">
      {KINDS[kind].searched ? (
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
      ) : null}
      <ReadOnlyList storyId={storyId} kind={kind} items={items} />
      {entries ? <Pagination page={entries.page.page} pageCount={entries.page.pageCount} total={entries.page.total} params={params} /> : null}
    </section>
  );
}
