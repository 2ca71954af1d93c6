"use client";
import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { EntryRows, type EntryRow, type EntryRowsProps } from "@/components/workspace/entry-rows";
import type { FollowUpStatusValue } from "@/lib/validations/follow-ups";
import { FollowUpActions } from "./follow-up-actions";

/**
 * One follow-up as a list shows it, as data (issue 16: HTML per entry): labels, the due moment
 * in the reader's zone and what it is about (named as this reader may name it) said on the
 * server. `s`, `r`, `mine` and `change` are what its one-click actions need.
 */
export type FollowUpRowData = {
  title: string;
  badges: Array<[Tone, string]>;
  /** The assignee's name, and who assigned it. */
  for: string;
  from: string;
  /** Due: [the `dateTime` attribute, as shown]. */
  due?: [string, string];
  overdue?: 1;
  /** What it is about: [href, label, deleted]. */
  about?: [string, string, 1?];
  details?: string;
  /** Why the assignee declined. */
  declined?: string;
  /** The completion note: ["Done" or "Note", the note]. */
  note?: [string, string];
  /** The story it is on, where a list spans stories (My follow-ups). */
  story?: string;
  s: FollowUpStatusValue;
  r: "pending" | "accepted" | "declined";
  /** The reader is its assignee (accept / decline). */
  mine?: 1;
  /** The reader may change its status. */
  change?: 1;
};

export function FollowUpRow({ row, storyId }: { row: FollowUpRowData; storyId: string }) {
  return (
    <div className="entry-summary">
      <div className="entry-heading">
        <h3 className="entry-title">{row.title}</h3>
        {row.badges.map(([tone, label]) => (
          <Badge key={label} tone={tone}>
            {label}
          </Badge>
        ))}
      </div>
      <p className="text-xs text-slate-600">
        {row.story ? (
          <>
            <Link href={`/stories/${storyId}`} className="font-medium text-slate-800 hover:underline">
              {row.story}
            </Link>
            {" · "}
          </>
        ) : null}
        <span>
          For <span className="font-medium text-slate-800">{row.for}</span>
          {`, assigned by ${row.from}`}
        </span>
        {" · "}
        {row.due ? (
          <span className={row.overdue ? "font-medium text-red-700" : undefined}>
            Due <time dateTime={row.due[0]}>{row.due[1]}</time>
          </span>
        ) : (
          <span>No due time</span>
        )}
      </p>
      {row.about ? (
        <p className="text-xs text-slate-600">
          {"About: "}
          <Link href={row.about[0]} prefetch={false} className="text-blue-700 hover:underline">
            {row.about[1]}
          </Link>
          {row.about[2] ? " (deleted)" : ""}
        </p>
      ) : null}
      {row.details ? <p className="whitespace-pre-wrap text-slate-700">{row.details}</p> : null}
      {row.declined ? <p className="rounded bg-red-50 px-2 py-1 text-xs text-red-800">{`${row.for} declined: ${row.declined}`}</p> : null}
      {row.note ? <p className="rounded bg-emerald-50 px-2 py-1 text-xs text-emerald-900">{`${row.note[0]}: ${row.note[1]}`}</p> : null}
    </div>
  );
}

/** A live follow-up's accept, decline, start, done, cancel or reopen, at the end of its row. */
function followUpActions({ id, v, del, row }: EntryRow<FollowUpRowData>, storyId: string) {
  if (del) return undefined;
  return <FollowUpActions storyId={storyId} followUp={{ id, version: v, title: row.title, status: row.s, response: row.r }} isAssignee={Boolean(row.mine)} mayChange={Boolean(row.change)} />;
}

/** The follow-ups panel's entries, from rows (EntryRows). */
export function FollowUpRows(props: EntryRowsProps<FollowUpRowData>) {
  return <EntryRows {...props} Row={FollowUpRow} actions={followUpActions} />;
}
