import Link from "next/link";
import { RevisionLines, type RevisionLine } from "./revision-lines";

/** The story's latest changes in the sidebar, and its chain head (to compare with a printed copy). */
// Its links (Full history, and each line's in RevisionLines) are not prefetched: a dozen RSC
// requests parsed on the main thread as the story page loads, for pages seldom opened from here.
export function RecentRevisions({ storyId, lines, headHash }: { storyId: string; lines: RevisionLine[]; headHash: string | null }) {
  return (
    <section aria-labelledby="revisions-heading" className="rounded border border-slate-200 bg-white p-3">
      <h2 id="revisions-heading" className="flex items-baseline justify-between text-sm font-semibold">
        Recent changes
        <Link href={`/stories/${storyId}/history`} prefetch={false} className="text-xs font-normal text-blue-700 hover:underline">
          Full history
        </Link>
      </h2>
      {lines.length === 0 ? <p className="text-sm text-slate-500">No changes recorded yet.</p> : <RevisionLines lines={lines} />}
      {headHash ? (
        <p className="mt-2 break-all border-t border-slate-100 pt-2 font-mono text-[11px] text-slate-500" title="Hash of the latest revision in this story's chain">
          Chain head {headHash}
        </p>
      ) : null}
    </section>
  );
}
