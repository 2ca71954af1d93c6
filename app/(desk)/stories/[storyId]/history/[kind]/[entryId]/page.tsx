import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404, pageTimeZone, requirePageUser } from "@/lib/pages";
import { entryHistory } from "@/lib/server/history/entry";
import type { RestorableKind } from "@/lib/entry-kinds/kinds";
import { getStory } from "@/lib/server/stories";
import { formatMoment } from "@/lib/time-zone";
import { FieldChanges } from "@/components/history/field-changes";
import { RestoreControl } from "@/components/history/restore-control";
import { StoryNav } from "@/components/history/story-nav";
import { Badge } from "@/components/ui/badge";
import { UserText } from "@/components/ui/user-text";

type Props = { params: Promise<{ storyId: string; kind: string; entryId: string }> };

export const metadata: Metadata = { title: "Entry history" };

const ACTION = { create: "Created", update: "Changed", delete: "Deleted", restore: "Restored" } as const;
const TONE = { create: "slate", update: "slate", delete: "red", restore: "green" } as const;

export default async function EntryHistoryPage({ params }: Props) {
  const { storyId, kind, entryId } = await params;
  const user = await requirePageUser();
  const timeZone = await pageTimeZone();
  const [{ story, access }, history] = await loadOr404(() =>
    Promise.all([getStory(user, storyId), entryHistory(user, storyId, kind, entryId, timeZone)]),
  );
  const latestSeq = history.revisions[0]?.seq;
  const kindLabel = history.kindLabel.charAt(0).toUpperCase() + history.kindLabel.slice(1);

  return (
    <div className="flex flex-col gap-4">
      <StoryNav storyId={story.id} storyTitle={story.title} active="history" title={
          <>
            {kindLabel}: <UserText text={history.label} />
          </>
        } canAudit={access.role === "lead"}>
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          {history.revisions.length === 1 ? "1 revision" : `${history.revisions.length} revisions`}, newest first.
          {history.current.deleted ? <Badge tone="red">Deleted now</Badge> : null}
          <Link href={`/stories/${story.id}/history`} className="text-blue-700 hover:underline">
            All of the story&apos;s history
          </Link>
        </p>
        {history.current.deleted && history.canRestore && latestSeq ? (
          <RestoreControl storyId={story.id} entityType={history.entityType as RestorableKind} entityId={history.entityId} seq={latestSeq} version={history.current.version} undelete />
        ) : null}
      </StoryNav>
      <ol aria-label="Revisions" className="flex flex-col gap-2">
        {history.revisions.map((revision) => (
          <li key={revision.seq}>
            <article aria-label={`Revision ${revision.seq}`} className="rounded border border-slate-200 bg-white p-3">
              <header className="flex flex-wrap items-baseline gap-2 text-sm">
                <Badge tone={TONE[revision.action]}>{ACTION[revision.action]}</Badge>
                <span className="font-medium">{revision.actorName}</span>
                <time dateTime={revision.at.toISOString()} className="text-slate-600">
                  {formatMoment(revision.at, timeZone, "second")}
                </time>
                <span className="ml-auto flex items-baseline gap-3 text-xs">
                  <Link href={`/stories/${story.id}/as-of?rev=${revision.seq}`} className="text-blue-700 hover:underline" aria-label={`Story as of here, revision ${revision.seq}`}>
                    Story as of here
                  </Link>
                  <span className="font-mono text-slate-500" title={`Revision hash ${revision.hash}`}>
                    #{revision.seq}
                  </span>
                </span>
              </header>
              {revision.reason ? (
                <p className="mt-1 text-sm text-slate-700">
                  Reason: <UserText text={revision.reason} />
                </p>
              ) : null}
              {revision.action === "delete" || revision.action === "restore" ? null : (
                <FieldChanges changes={revision.changes} created={revision.action === "create"} />
              )}
              {revision.action !== "delete" && revision.seq !== latestSeq && history.canRestore ? (
                <div className="mt-2">
                  <RestoreControl storyId={story.id} entityType={history.entityType as RestorableKind} entityId={history.entityId} seq={revision.seq} version={history.current.version} />
                </div>
              ) : null}
            </article>
          </li>
        ))}
      </ol>
    </div>
  );
}
