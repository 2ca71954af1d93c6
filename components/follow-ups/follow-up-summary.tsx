import { entryHref } from "@/lib/entry-kinds/kinds";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import { formatMoment } from "@/lib/time-zone";
import { FOLLOW_UP_RESPONSE_LABELS, FOLLOW_UP_STATUS_LABELS } from "@/lib/validations/follow-ups";
import { PRIORITY_LABELS } from "@/lib/validations/common";
import { PRIORITY_TONES } from "@/components/workspace/labels";
import { FollowUpRow, type FollowUpRowData } from "./follow-up-row";

const FOLLOW_UP_STATUS_TONES = { todo: "blue", in_progress: "amber", done: "green", cancelled: "slate" } as const;
const RESPONSE_TONES = { pending: "amber", accepted: "green", declined: "red" } as const;

/**
 * A follow-up's row, said in words on the server (FollowUpRow renders it): what, who, by when
 * (in the reader's zone), about what (as the reader may name it), and where it stands.
 * `reader`: what the live panel's one-click actions need — is the reader its assignee, may they change it.
 */
export function followUpRow(followUp: FollowUpView, storyId: string, timeZone: string, reader?: { mine: boolean; change: boolean }): FollowUpRowData {
  const badges: FollowUpRowData["badges"] = [[FOLLOW_UP_STATUS_TONES[followUp.status], FOLLOW_UP_STATUS_LABELS[followUp.status]]];
  if (followUp.open && followUp.response !== "accepted") badges.push([RESPONSE_TONES[followUp.response], FOLLOW_UP_RESPONSE_LABELS[followUp.response]]);
  if (followUp.priority !== "normal") badges.push([PRIORITY_TONES[followUp.priority], PRIORITY_LABELS[followUp.priority]]);
  if (followUp.overdue) badges.push(["red", "Overdue"]);
  if (followUp.deletedAt) badges.push(["red", "Deleted"]);
  const link = followUp.link;
  return {
    title: followUp.title,
    badges,
    for: followUp.assigneeName,
    from: followUp.assignedByName,
    ...(followUp.dueAt ? { due: [followUp.dueAt.toISOString(), formatMoment(followUp.dueAt, timeZone)] as [string, string] } : {}),
    ...(followUp.overdue ? { overdue: 1 as const } : {}),
    ...(link ? { about: (link.deleted ? [entryHref(storyId, link.kind, link.id), link.label, 1] : [entryHref(storyId, link.kind, link.id), link.label]) as [string, string, 1?] } : {}),
    ...(followUp.details ? { details: followUp.details } : {}),
    ...(followUp.response === "declined" && followUp.responseNote ? { declined: followUp.responseNote } : {}),
    ...(followUp.completionNote ? { note: [followUp.status === "done" ? "Done" : "Note", followUp.completionNote] as [string, string] } : {}),
    s: followUp.status,
    r: followUp.response,
    ...(reader?.mine ? { mine: 1 as const } : {}),
    ...(reader?.change ? { change: 1 as const } : {}),
  };
}

/** A follow-up as every list shows it, rendered on the server (My follow-ups, the story as of a moment). */
export function FollowUpSummary({ followUp, storyId, timeZone, storyTitle }: { followUp: FollowUpView; storyId: string; timeZone: string; storyTitle?: string }) {
  const row = followUpRow(followUp, storyId, timeZone);
  return <FollowUpRow row={storyTitle ? { ...row, story: storyTitle } : row} storyId={storyId} />;
}
