import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404, storyPageRequest, type StoryPageProps } from "@/lib/pages";
import { workspaceAsOf } from "@/lib/server/history/as-of";
import { getStory } from "@/lib/server/stories";
import { formatMoment, toLocalInput } from "@/lib/time-zone";
import { momentParamsSchema } from "@/lib/validations/history";
import { panelOf } from "@/lib/validations/workspace";
import { AsOfPanel } from "@/components/history/as-of-panel";
import { ExportDossier } from "@/components/story/export-dossier";
import { MomentForm } from "@/components/history/moment-form";
import { StoryNav } from "@/components/history/story-nav";
import { WorkspaceTabs } from "@/components/workspace/tabs";

export const metadata: Metadata = { title: "As of" };

export default async function AsOfPage(props: StoryPageProps) {
  const { user, storyId, query, timeZone } = await storyPageRequest(props);
  const moment = momentParamsSchema.parse(query);
  const panel = panelOf(query.tab);
  const { story, access } = await loadOr404(() => getStory(user, storyId));
  const nav = (
    <StoryNav storyId={story.id} storyTitle={story.title} active="as-of" title="The story as it stood" canAudit={access.role === "lead"} />
  );
  if (moment.rev === undefined && moment.at === undefined) {
    return (
      <div className="flex flex-col gap-4">
        {nav}
        <p className="text-sm text-slate-600">
          Pick a moment to see every panel as it stood then: what the desk knew, read-only. You can also jump here from any change in the history.
        </p>
        <MomentForm storyId={story.id} timeZone={timeZone} />
      </div>
    );
  }
  const page = Math.max(1, Math.min(10_000, Number.parseInt(query.page ?? "1", 10) || 1));
  const workspace = await loadOr404(() => workspaceAsOf(user, storyId, moment, panel, { q: query.q, page }, timeZone));
  const momentQuery = moment.rev !== undefined ? `rev=${moment.rev}` : `at=${moment.at}`;
  const label = formatMoment(workspace.moment.at, timeZone, moment.rev !== undefined ? "second" : "minute");

  return (
    <div className="flex flex-col gap-4">
      {nav}
      <div role="status" className="flex flex-col gap-2 rounded border-2 border-amber-400 bg-amber-50 p-3 text-sm">
        <p>
          <strong>Viewing the story as of {label}</strong>
          {" — "}
          {workspace.moment.seq === 0 ? "before its first change" : `after revision #${workspace.moment.seq}`}. Read-only: nothing here can be edited.
        </p>
        <p className="flex flex-wrap gap-4">
          <Link href={`/stories/${story.id}${panel === "overview" ? "" : `?tab=${panel}`}`} className="font-medium text-blue-800 underline">
            Back to now
          </Link>
          <Link href={`/stories/${story.id}/changes?${moment.rev !== undefined ? `fromRev=${moment.rev}` : `from=${moment.at}`}`} className="text-blue-800 underline">
            What changed since then
          </Link>
          {workspace.moment.seq > 0 ? (
            <Link href={`/stories/${story.id}/as-of?rev=${workspace.moment.seq}${panel === "overview" ? "" : `&tab=${panel}`}`} className="text-blue-800 underline">
              Link to this exact revision
            </Link>
          ) : null}
        </p>
      </div>
      <MomentForm storyId={story.id} timeZone={timeZone} value={moment.at ?? toLocalInput(workspace.moment.at, timeZone)} tab={panel} />
      {workspace.moment.seq > 0 ? (
        <div>
          <ExportDossier storyId={story.id} isLead={access.isMember && access.role === "lead"} asOfRev={workspace.moment.seq} asOfLabel={label} />
        </div>
      ) : null}
      <WorkspaceTabs
        storyId={story.id}
        active={panel}
        counts={workspace.counts}
        hrefOf={(tab) => `/stories/${story.id}/as-of?${momentQuery}${tab === "overview" ? "" : `&tab=${tab}`}`}
      />
      <AsOfPanel storyId={story.id} panel={panel} workspace={workspace} params={query} timeZone={timeZone} />
    </div>
  );
}
