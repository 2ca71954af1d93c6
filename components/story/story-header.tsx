import Link from "next/link";
import { loadOr404 } from "@/lib/pages";
import type { StoryAccess } from "@/lib/server/access";
import { getStoryWithHead } from "@/lib/server/stories";
import { sinceLastVisit } from "@/lib/server/history/visits";
import { workspaceCounts } from "@/lib/server/workspace";
import { formatMoment } from "@/lib/time-zone";
import { MEMBER_ROLE_LABELS } from "@/lib/validations/member";
import type { Panel } from "@/lib/validations/workspace";
import { OverviewPanel } from "@/components/overview/overview-panel";
import { LiveStory } from "@/components/live/live-story";
import { ExportDossier } from "@/components/story/export-dossier";
import { RecordVisit, SinceLastVisit } from "@/components/story/since-last-visit";
import { StatusBadge } from "@/components/story/status-badge";
import { EarlyKeys } from "@/components/workspace/early-keys";
import { WorkspaceShortcuts } from "@/components/workspace/shortcuts";
import { WorkspaceTabs } from "@/components/workspace/tabs";

type StoryPart = { access: StoryAccess; timeZone: string };

/**
 * The story page above its panel: the story's row, the tabs' counts and "since your last visit".
 * Its own component, so that React renders it beside the panel: their reads run side by side
 * once the page's access check is done, instead of the panel's waiting for these.
 */
export async function StoryHeader({ access, timeZone, seq, panel }: StoryPart & { seq: number; panel: Panel }) {
  const { user, storyId } = access;
  // Each authorizes through the page's access check (one query per request, cached).
  const [{ story }, counts, since] = await loadOr404(() => Promise.all([getStoryWithHead(user, storyId), workspaceCounts(user, storyId), sinceLastVisit(user, storyId)]));
  return (
    <>
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
    </>
  );
}

/** The Overview panel: the story's row (the header's read, once per request) and its memo. */
export async function StoryOverview({ access }: { access: StoryAccess }) {
  const { story } = await loadOr404(() => getStoryWithHead(access.user, access.storyId));
  return <OverviewPanel story={story} access={access} />;
}
