import type { StoryAccess } from "@/lib/server/access";
import type { StoryDetail } from "@/lib/server/stories";
import { isEmptyRichText, type RichTextDoc } from "@/lib/rich-text";
import { RichTextView } from "@/components/editor/rich-text-view";
import { StoryEditDetails } from "@/components/story/story-edit-details";
import { EmptyState } from "@/components/workspace/empty-state";
import { LazyMemoEditor } from "./lazy-memo-editor";

export function OverviewPanel({ story, access }: { story: StoryDetail; access: StoryAccess }) {
  const memo = story.memo as RichTextDoc;
  if (access.role === "reader") {
    return (
      <section aria-label="Overview" className="flex flex-col gap-3">
        {isEmptyRichText(memo) ? (
          <EmptyState title="No memo yet.">The story&apos;s lead or contributors write the summary memo here.</EmptyState>
        ) : (
          <RichTextView doc={memo} className="rounded border border-slate-200 bg-white p-3" />
        )}
        <p className="text-xs text-slate-500">You are a reader on this story: you can see everything, and a lead can give you edit rights.</p>
      </section>
    );
  }
  return (
    <section aria-label="Overview" className="grid gap-4">
      <div className="rounded border border-slate-200 bg-white p-3">
        <LazyMemoEditor storyId={story.id} memo={memo} version={story.version} saved={<RichTextView doc={memo} />} empty={isEmptyRichText(memo)} />
      </div>
      <StoryEditDetails story={{ id: story.id, title: story.title, summary: story.summary, status: story.status, version: story.version }} />
    </section>
  );
}
