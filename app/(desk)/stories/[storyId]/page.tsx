import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404, storyPageRequest, type StoryPageProps } from "@/lib/pages";
import { getStoryWithHead } from "@/lib/server/stories";
import { sinceLastVisit } from "@/lib/server/history/visits";
import { formatMoment } from "@/lib/time-zone";
import { kindOfPanel } from "@/lib/entry-kinds/kinds";
import { workspaceCounts } from "@/lib/server/workspace";
import { MEMBER_ROLE_LABELS } from "@/lib/validations/member";
import { panelOf } from "@/lib/validations/workspace";
import { OverviewPanel } from "@/components/overview/overview-panel";
import { StorySide } from "@/components/story/story-side-island";
import { RecordVisit, SinceLastVisit } from "@/components/story/since-last-visit";
import { StatusBadge } from "@/components/story/status-badge";
import { ExportDossier } from "@/components/story/export-dossier";
import { ENTRY_UI } from "@/components/workspace/entry-ui";
import { PanelReady, WorkspaceShortcuts } from "@/components/workspace/shortcuts";
import { EarlyKeys } from "@/components/workspace/early-keys";
import { WorkspaceTabs } from "@/components/workspace/tabs";
import { LiveStory } from "@/components/live/live-story";

export async function generateMetadata(props: StoryPageProps): Promise<Metadata> {
  const { user, storyId } = await storyPageRequest(props);
  const { story } = await loadOr404(() => getStoryWithHead(user, storyId));
  return { title: story.title };
}

export default async function StoryPage(props: StoryPageProps) {
  const { user, storyId, query, timeZone } = await storyPageRequest(props);
  // The story's sequence number before anything is read (the live stream replays what follows)
  // comes with the access check, which every read of the page waits for. The tabs' counts and
  // "since your last visit" beside the story's row: each authorizes through that same check (one
  // query per request), and a story the user may not see is a 404.
  const [{ story, access, seq }, counts, since] = await loadOr404(() =>
    Promise.all([getStoryWithHead(user, storyId), workspaceCounts(user, storyId), sinceLastVisit(user, storyId)]),
  );
  const panel = panelOf(query.tab);
  const kind = kindOfPanel(panel);
  const EntryPanel = kind ? ENTRY_UI[kind].Panel : null;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <div className="flex min-w-0 flex-col gap-4">
        <header className="flex flex-col gap-1">
          <div className="flex items-center gap-2 text-xs text-slate-500">
            <StatusBadge status={story.status} />
            <span>
              Your role: {MEMBER_ROLE_LABELS[access.role]}
              {access.isMember ? "" : " (admin)"}
            </span>
            <span className="ml-auto">
              <EarlyKeys />
              <WorkspaceShortcuts storyId={story.id} active={panel} />
            </span>
          </div>
          <h1 dir="auto" className="text-2xl font-semibold">
            {story.title}
          </h1>
          <LiveStory storyId={story.id} seq={seq} place={panel} />
          {story.summary ? (
            <p dir="auto" className="whitespace-pre-wrap text-sm text-slate-700">
              {story.summary}
            </p>
          ) : null}
          <p className="flex flex-wrap gap-3 text-xs text-slate-500">
            <span>Opened by {story.createdBy.name}</span>
            <Link href={`/stories/${story.id}/history`} prefetch={false} className="text-blue-700 hover:underline">
              History
            </Link>
            <Link href={`/stories/${story.id}/as-of`} prefetch={false} className="text-blue-700 hover:underline">
              As of…
            </Link>
            <Link href={`/stories/${story.id}/changes`} prefetch={false} className="text-blue-700 hover:underline">
              Compare moments
            </Link>
            {access.role === "lead" ? (
              <Link href={`/stories/${story.id}/audit`} prefetch={false} className="text-blue-700 hover:underline">
                Sensitive reads
              </Link>
            ) : null}
          </p>
          <div className="mt-1">
            <ExportDossier storyId={story.id} isLead={access.isMember && access.role === "lead"} />
          </div>
        </header>
        <RecordVisit storyId={story.id} />
        {since ? (
          <SinceLastVisit
            storyId={story.id}
            changes={since.changes}
            capped={since.capped}
            baselineSeq={since.baselineSeq}
            since={formatMoment(since.baselineAt, timeZone)}
          />
        ) : null}
        <WorkspaceTabs storyId={story.id} active={panel} counts={counts} />
        {EntryPanel ? <EntryPanel user={user} access={access} params={query} timeZone={timeZone} /> : <OverviewPanel story={story} access={access} />}
        <PanelReady panel={panel} />
      </div>
      <aside className="flex flex-col gap-4">
        {/* Team and Recent changes: asked for once the page is idle, again when the chain moves on. */}
        <StorySide storyId={story.id} seq={seq} />
      </aside>
    </div>
  );
}
