import Link from "next/link";
import type { Page } from "@/lib/server/paging";
import type { SensitiveReadItem } from "@/lib/server/audit";
import { SENSITIVE_READ_KIND_LABELS } from "@/lib/validations/audit";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/time";
import { EmptyState } from "@/components/workspace/empty-state";
import { Pagination } from "@/components/workspace/pagination";

export const SENSITIVE_READS_EXPLAINED =
  "Each time someone reveals a confidential source's contact details, or exports a dossier, it is recorded here: who, when, which entry — never the content.";

function What({ item }: { item: SensitiveReadItem }) {
  if (item.kind === "export") {
    return (
      <span>
        Story dossier <span className={item.exportSummary?.includes("UNREDACTED") ? "font-medium text-red-700" : "text-slate-500"}>({item.exportSummary})</span>
      </span>
    );
  }
  if (!item.entry) return <span className="text-slate-500">—</span>;
  return (
    <span>
      <span className="text-slate-500">{item.entry.type}:</span> {item.entry.label}
    </span>
  );
}

/** The record of sensitive reads and exports: for the admin page (all stories) and a story's leads. */
export function SensitiveReadsTable({ reads, caption, showStory }: { reads: Page<SensitiveReadItem>; caption: string; showStory: boolean }) {
  if (reads.total === 0) {
    return <EmptyState title="Nothing recorded yet.">{SENSITIVE_READS_EXPLAINED}</EmptyState>;
  }
  return (
    <div className="flex flex-col gap-2">
      {/* Focusable, so that a keyboard can scroll it where it is wider than the screen (a story's
          own page has no link in its rows: nothing else in it would take the focus). */}
      <div className="overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
        <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="whitespace-nowrap bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">When</th>
              <th scope="col" className="px-3 py-2 font-medium">Who</th>
              {showStory ? <th scope="col" className="px-3 py-2 font-medium">Story</th> : null}
              <th scope="col" className="px-3 py-2 font-medium">Action</th>
              <th scope="col" className="px-3 py-2 font-medium">Entry</th>
              <th scope="col" className="px-3 py-2 font-medium">Field</th>
            </tr>
          </thead>
          <tbody>
            {reads.items.length === 0 ? (
              <tr>
                <td colSpan={showStory ? 6 : 5} className="px-3 py-3 text-slate-600">
                  Nothing on page {reads.page}.{" "}
                  <Link href="?page=1" className="text-blue-700 underline">
                    Go to the first page
                  </Link>
                </td>
              </tr>
            ) : null}
            {reads.items.map((item) => (
              <tr key={item.id} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                  <RelativeTime date={item.createdAt} />
                </td>
                <td className="px-3 py-2 font-medium">{item.actorName}</td>
                {showStory ? (
                  <td className="px-3 py-2">
                    {item.story.deleted ? (
                      <span className="text-slate-500">{item.story.title} (deleted)</span>
                    ) : (
                      <Link href={`/stories/${item.story.id}`} className="hover:underline">
                        {item.story.title}
                      </Link>
                    )}
                  </td>
                ) : null}
                <td className="px-3 py-2">
                  <Badge tone={item.kind === "export" ? "blue" : "amber"}>{SENSITIVE_READ_KIND_LABELS[item.kind]}</Badge>
                </td>
                <td className="px-3 py-2">
                  <What item={item} />
                </td>
                <td className="px-3 py-2 text-slate-700">{item.field ?? <span className="text-slate-500">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={reads.page} pageCount={reads.pageCount} total={reads.total} params={{}} />
    </div>
  );
}
