import Link from "next/link";
import type { FeedItem } from "@/lib/server/history/feed";
import { dayKey, formatClock, formatDayHeading, formatMoment } from "@/lib/time-zone";
import { describeRevision, historyHref } from "./describe";
import { UserText } from "@/components/ui/user-text";

type Run = { actorName: string; items: FeedItem[] };
type Day = { key: string; heading: string; runs: Run[] };

/** Revisions grouped by the reader's calendar day, then by runs of one person's changes. */
function group(items: FeedItem[], timeZone: string): Day[] {
  const days: Day[] = [];
  for (const item of items) {
    const key = dayKey(item.at, timeZone);
    let day = days[days.length - 1];
    if (!day || day.key !== key) {
      day = { key, heading: formatDayHeading(item.at, timeZone), runs: [] };
      days.push(day);
    }
    let run = day.runs[day.runs.length - 1];
    if (!run || run.actorName !== item.actorName) {
      run = { actorName: item.actorName, items: [] };
      day.runs.push(run);
    }
    run.items.push(item);
  }
  return days;
}

export function HistoryFeed({ items, storyId, timeZone }: { items: FeedItem[]; storyId: string; timeZone: string }) {
  return (
    <div className="flex flex-col gap-4">
      {group(items, timeZone).map((day) => (
        <section key={day.key} aria-label={day.heading} className="flex flex-col gap-2">
          <h2 className="sticky top-0 z-10 bg-slate-50/95 py-1 text-sm font-semibold text-slate-700">{day.heading}</h2>
          {day.runs.map((run, index) => (
            <div key={`${run.actorName}-${index}`} className="rounded border border-slate-200 bg-white">
              <p className="border-b border-slate-100 px-3 py-1.5 text-sm">
                <UserText text={run.actorName} className="font-medium" />
                <span className="text-slate-500"> · {run.items.length === 1 ? "1 change" : `${run.items.length} changes`}</span>
              </p>
              <ol aria-label={`Changes by ${run.actorName}`} className="divide-y divide-slate-100">
                {run.items.map((item) => (
                  <FeedRow key={item.seq} item={item} storyId={storyId} timeZone={timeZone} />
                ))}
              </ol>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

function FeedRow({ item, storyId, timeZone }: { item: FeedItem; storyId: string; timeZone: string }) {
  const { verb, kind, detail } = describeRevision(item);
  return (
    <li className="grid grid-cols-[3.5rem_1fr_auto] items-baseline gap-2 px-3 py-1.5 text-sm">
      <time dateTime={item.at.toISOString()} title={formatMoment(item.at, timeZone, "second")} className="text-xs text-slate-500">
        {formatClock(item.at, timeZone)}
      </time>
      <div className="min-w-0">
        <span className={item.action === "delete" ? "text-red-700" : item.action === "restore" ? "text-emerald-700" : ""}>{verb}</span>{" "}
        {kind ? <span className="text-slate-600">{kind} </span> : null}
        <Link href={historyHref(storyId, item.entityType, item.entityId)} className="font-medium text-slate-900 hover:underline">
          <UserText text={item.label} />
        </Link>
        {detail ? <span className="text-slate-600"> — {detail}</span> : null}
        {item.reason ? <p className="text-xs text-slate-600">
            Reason: <UserText text={item.reason} />
          </p> : null}
      </div>
      <span className="flex items-baseline gap-2 text-xs">
        <Link href={`/stories/${storyId}/as-of?rev=${item.seq}`} className="text-blue-700 hover:underline" aria-label={`As of here, revision ${item.seq}`}>
          As of here
        </Link>
        <span className="font-mono text-slate-500" title={`Revision hash ${item.hash}`}>
          #{item.seq}
        </span>
      </span>
    </li>
  );
}
