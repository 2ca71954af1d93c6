import Link from "next/link";
import type { FeedItem } from "@/lib/server/history/feed";
import { RelativeTime } from "@/components/ui/time";
import { describeRevision, historyHref } from "@/components/history/describe";
import { UserText } from "@/components/ui/user-text";

/** The story's latest changes in the sidebar, and its chain head (to compare with a printed copy). */
// Its links are not prefetched: a dozen revision links, each an RSC request parsed on the main
// thread as the story page loads, for pages a reader seldom opens from here (issue 16, TBT).
export function RecentRevisions({ storyId, revisions, headHash, timeZone }: { storyId: string; revisions: FeedItem[]; headHash: string | null; timeZone: string }) {
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
        <ol aria-label="Revisions" className="mt-1 divide-y divide-slate-100 text-sm">
          {revisions.map((revision) => {
            const { verb, kind, detail } = describeRevision(revision);
            return (
              <li key={revision.seq} className="py-1.5">
                <span className="mr-1 font-mono text-xs text-slate-500">#{revision.seq}</span>
                <UserText text={revision.actorName} className="font-medium" /> {verb} {kind}{" "}
                <Link href={historyHref(storyId, revision.entityType, revision.entityId)} prefetch={false} className="hover:underline">
                  <UserText text={revision.label} />
                </Link>
                {detail ? <span className="text-slate-600"> — {detail}</span> : null}
                <span className="ml-1 text-xs text-slate-500">
                  <RelativeTime date={revision.at} timeZone={timeZone} />
                </span>
                {revision.reason ? <p className="text-xs text-slate-600">
                    Reason: <UserText text={revision.reason} />
                  </p> : null}
              </li>
            );
          })}
        </ol>
      )}
      {headHash ? (
        <p className="mt-2 break-all border-t border-slate-100 pt-2 font-mono text-[11px] text-slate-500" title="Hash of the latest revision in this story's chain">
          Chain head {headHash}
        </p>
      ) : null}
    </section>
  );
}
