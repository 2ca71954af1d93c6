"use client";
import { Badge } from "@/components/ui/badge";
import { EntryRows, type EntryRowsProps } from "@/components/workspace/entry-rows";

/** One timeline event as a panel shows it, as data: the moment said on the server (issue 16). */
export type EventRowData = {
  /** When: [the `dateTime` attribute, as shown]. */
  at: [string, string];
  what: string;
  del?: 1;
  /** According to: the sources, named as this reader may name them. */
  sources?: string;
  by: string;
};

export function EventRow({ row }: { row: EventRowData }) {
  return (
    <div className="grid grid-cols-[9.5rem_1fr] gap-2 text-sm">
      <p className="font-medium text-slate-700">
        <time dateTime={row.at[0]}>{row.at[1]}</time>
      </p>
      <div className="flex flex-col gap-0.5">
        <p className="text-slate-900">
          {row.what} {row.del ? <Badge tone="red">Deleted</Badge> : null}
        </p>
        {row.sources ? <p className="text-xs text-slate-600">{`According to ${row.sources}`}</p> : null}
        <p className="entry-byline">{`Logged by ${row.by}`}</p>
      </div>
    </div>
  );
}

/** The timeline's entries, from rows (EntryRows). */
export function EventRows(props: EntryRowsProps<EventRowData>) {
  return <EntryRows {...props} Row={EventRow} />;
}
