import Link from "next/link";
import type { FeedItem } from "@/lib/server/history/feed";
import { formatDistanceStrict } from "date-fns";
import { formatMoment } from "@/lib/time-zone";
import { describeRevision, historyHref } from "@/components/history/describe";
import { RevisionLines, type RevisionLine } from "./revision-lines";

function revisionLine(storyId: string, revision: FeedItem, timeZone: string, now: Date): RevisionLine {
  const { verb, kind, detail } = describeRevision(revision);
  return {
    seq: revision.seq,
    who: revision.actorName,
    what: `${verb} ${kind}`,
    href: historyHref(storyId, revision.entityType, revision.entityId),
    label: revision.label,
    ...(detail ? { detail } : {}),
    at: [revision.at.toISOString(), formatMoment(revision.at, timeZone, "second"), formatDistanceStrict(revision.at, now, { addSuffix: true })],
    ...(revision.reason ? { reason: revision.reason } : {}),
  };
}

/** The story's latest changes in the sidebar, and its chain head (to compare with a printed copy). */
// Its links (Full history, and each line's in RevisionLines) are not prefetched: a dozen RSC
// requests parsed on the main thread as the story page loads, for pages seldom opened from here.
export function RecentRevisions({ storyId, revisions, headHash, timeZone }: { storyId: string; revisions: FeedItem[]; headHash: string | null; timeZone: string }) {
  const now = new Date();
  return (
    <section aria-labelledby="revisions-heading" className="rounded border border-slate-200 bg-white p-3">
      <h2 id="revisions-heading" className="flex items-baseline justify-between text-sm font-semibold">
        Recent changes
        <Link href={`/stories/${storyId}/history`} prefetch={false} className="text-xs font-normal text-blue-700 hover:underline">
          Full history
        </Link>
      </h2>
      {revisions.length === 0 ? (
        <p className="text-sm text-slate-500">No changes recorded yet.</p>
      ) : (
        <RevisionLines lines={revisions.map((revision) => revisionLine(storyId, revision, timeZone, now))} />
      )}
      {headHash ? (
        <p className="mt-2 break-all border-t border-slate-100 pt-2 font-mono text-[11px] text-slate-500" title="Hash of the latest revision in this story's chain">
          Chain head {headHash}
        </p>
      ) : null}
    </section>
  );
}
