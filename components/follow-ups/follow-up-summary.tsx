import Link from "next/link";
import { entryHref } from "@/lib/entry-kinds/kinds";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import { formatMoment } from "@/lib/time-zone";
import { FOLLOW_UP_RESPONSE_LABELS, FOLLOW_UP_STATUS_LABELS } from "@/lib/validations/follow-ups";
import { PRIORITY_LABELS } from "@/lib/validations/common";
import { Badge } from "@/components/ui/badge";
import { PRIORITY_TONES } from "@/components/workspace/labels";

export const FOLLOW_UP_STATUS_TONES = { todo: "blue", in_progress: "amber", done: "green", cancelled: "slate" } as const;
export const RESPONSE_TONES = { pending: "amber", accepted: "green", declined: "red" } as const;

/** A follow-up as every list shows it: what, who, by when, about what, and where it stands. */
export function FollowUpSummary({ followUp, storyId, timeZone, storyTitle }: { followUp: FollowUpView; storyId: string; timeZone: string; storyTitle?: string }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <div className="flex flex-wrap items-center gap-1.5">
        <h3 className="font-medium text-slate-900">{followUp.title}</h3>
        <Badge tone={FOLLOW_UP_STATUS_TONES[followUp.status]}>{FOLLOW_UP_STATUS_LABELS[followUp.status]}</Badge>
        {followUp.open && followUp.response !== "accepted" ? <Badge tone={RESPONSE_TONES[followUp.response]}>{FOLLOW_UP_RESPONSE_LABELS[followUp.response]}</Badge> : null}
        {followUp.priority !== "normal" ? <Badge tone={PRIORITY_TONES[followUp.priority]}>{PRIORITY_LABELS[followUp.priority]}</Badge> : null}
        {followUp.overdue ? <Badge tone="red">Overdue</Badge> : null}
        {followUp.deletedAt ? <Badge tone="red">Deleted</Badge> : null}
      </div>
      <p className="text-xs text-slate-600">
        {storyTitle ? (
          <>
            <Link href={`/stories/${storyId}`} className="font-medium text-slate-800 hover:underline">
              {storyTitle}
            </Link>
            {" · "}
          </>
        ) : null}
        <span>
          For <span className="font-medium text-slate-800">{followUp.assigneeName}</span>, assigned by {followUp.assignedByName}
        </span>
        {" · "}
        {followUp.dueAt ? (
          <span className={followUp.overdue ? "font-medium text-red-700" : undefined}>
            Due <time dateTime={followUp.dueAt.toISOString()}>{formatMoment(followUp.dueAt, timeZone)}</time>
          </span>
        ) : (
          <span>No due time</span>
        )}
      </p>
      {followUp.link ? (
        <p className="text-xs text-slate-600">
          About:{" "}
          <Link href={entryHref(storyId, followUp.link.kind, followUp.link.id)} className="text-blue-700 hover:underline">
            {followUp.link.label}
          </Link>
          {followUp.link.deleted ? " (deleted)" : ""}
        </p>
      ) : null}
      {followUp.details ? <p className="whitespace-pre-wrap text-slate-700">{followUp.details}</p> : null}
      {followUp.response === "declined" && followUp.responseNote ? (
        <p className="rounded bg-red-50 px-2 py-1 text-xs text-red-800">
          {followUp.assigneeName} declined: {followUp.responseNote}
        </p>
      ) : null}
      {followUp.completionNote ? (
        <p className="rounded bg-emerald-50 px-2 py-1 text-xs text-emerald-900">
          {followUp.status === "done" ? "Done" : "Note"}: {followUp.completionNote}
        </p>
      ) : null}
    </div>
  );
}
