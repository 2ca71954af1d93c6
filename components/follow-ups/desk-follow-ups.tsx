import Link from "next/link";
import type { MyFollowUps } from "@/lib/server/follow-ups/mine";
import { formatMoment } from "@/lib/time-zone";

/** The desk home's short list: my next follow-ups, overdue first. */
export function DeskFollowUps({ data, timeZone }: { data: MyFollowUps; timeZone: string }) {
  const open = [...data.overdue, ...data.today, ...data.upcoming, ...data.noDue];
  return (
    <section aria-labelledby="my-follow-ups-heading" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3">
      <h2 id="my-follow-ups-heading" className="flex items-baseline justify-between text-sm font-semibold">
        My follow-ups
        <Link href="/follow-ups" className="text-xs font-normal text-blue-700 hover:underline">
          All ({open.length})
        </Link>
      </h2>
      {open.length === 0 ? (
        <p className="text-xs text-slate-600">Nothing assigned to you. Follow-ups you are given on any story show here, overdue first.</p>
      ) : (
        <ul className="flex flex-col gap-1.5 text-sm">
          {open.slice(0, 6).map((followUp) => (
            <li key={followUp.id} className="flex flex-col">
              <Link href={`/stories/${followUp.storyId}?tab=follow-ups&focus=${followUp.id}`} className="font-medium text-slate-900 hover:underline">
                {followUp.title}
              </Link>
              <span className="text-xs text-slate-500">
                {followUp.storyTitle}
                {followUp.dueAt ? (
                  <span className={followUp.overdue ? "font-medium text-red-700" : undefined}>
                    {" · "}
                    {followUp.overdue ? "overdue, was due " : "due "}
                    {formatMoment(followUp.dueAt, timeZone)}
                  </span>
                ) : null}
                {followUp.response === "pending" ? " · awaiting your answer" : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
