import Link from "next/link";
import type { MyFollowUp, MyFollowUps } from "@/lib/server/follow-ups/mine";
import { FollowUpActions } from "./follow-up-actions";
import { FollowUpSummary } from "./follow-up-summary";

const SECTIONS = [
  { key: "overdue", title: "Overdue", empty: null },
  { key: "today", title: "Due today", empty: null },
  { key: "upcoming", title: "Upcoming", empty: null },
  { key: "noDue", title: "No due time", empty: null },
  { key: "done", title: "Recently done or cancelled (7 days)", empty: null },
] as const;

function Item({ followUp, userId, timeZone }: { followUp: MyFollowUp; userId: string; timeZone: string }) {
  const label = `follow-up ${followUp.title}`;
  return (
    <li>
      <article aria-label={label} className="flex gap-3 rounded border border-slate-200 bg-white p-3">
        <div className="min-w-0 flex-1">
          <FollowUpSummary followUp={followUp} storyId={followUp.storyId} timeZone={timeZone} storyTitle={followUp.storyTitle} />
        </div>
        <div className="flex shrink-0 flex-col items-end gap-1">
          <FollowUpActions storyId={followUp.storyId} followUp={followUp} isAssignee={followUp.assigneeId === userId} mayChange />
          <Link href={`/stories/${followUp.storyId}?tab=follow-ups&focus=${followUp.id}`} aria-label={`Open ${label} in its story`} className="text-xs text-blue-700 hover:underline">
            Open in story
          </Link>
        </div>
      </article>
    </li>
  );
}

/** My follow-ups, in the order a reporter works them: overdue, today, upcoming, undated, done. */
export function MyFollowUpsList({ data, userId, timeZone, filtered }: { data: MyFollowUps; userId: string; timeZone: string; filtered: boolean }) {
  const total = SECTIONS.reduce((sum, section) => sum + data[section.key].length, 0);
  if (total === 0) {
    return (
      <div className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
        <p className="font-medium text-slate-800">{filtered ? "Nothing matches these filters." : "Nothing on your plate."}</p>
        <p>
          {filtered
            ? "Clear the filters to see all your follow-ups."
            : "When an editor assigns you a follow-up, or you take one on yourself from a story's Follow-ups panel, it appears here, overdue first."}
        </p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-5">
      {SECTIONS.map((section) =>
        data[section.key].length ? (
          <section key={section.key} aria-label={section.title} className="flex flex-col gap-2">
            <h2 className={section.key === "overdue" ? "text-sm font-semibold text-red-700" : "text-sm font-semibold text-slate-800"}>
              {section.title} <span className="font-normal text-slate-500">({data[section.key].length})</span>
            </h2>
            <ul className="flex flex-col gap-2">
              {data[section.key].map((followUp) => (
                <Item key={followUp.id} followUp={followUp} userId={userId} timeZone={timeZone} />
              ))}
            </ul>
          </section>
        ) : null,
      )}
      {data.truncated ? <p className="text-xs text-slate-500">Showing the first 300 open follow-ups; filter by story to see the rest.</p> : null}
    </div>
  );
}
