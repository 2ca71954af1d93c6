import type { ComponentType, ReactNode } from "react";
import type { EntryFollowUp } from "@/lib/server/follow-ups/read";
import { formatMoment } from "@/lib/time-zone";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { EntryListProvider } from "./editable-entry";
import type { FollowUpLine } from "./entry-follow-ups";
import type { EntryRow, EntryRowsProps, PackedRows } from "./entry-rows";

const NO_COMMENTS = { open: 0, total: 0 };

export type Entry = { id: string; version: number; deletedAt: Date | null };

/** What each entry of a page shows besides itself: its open follow-ups and its comment thread. */
export type EntryExtras = {
  followUps?: Map<string, EntryFollowUp[]>;
  /** Each entry's comment count (its thread loads when opened), when the panel has comments. */
  threads?: Map<string, { open: number; total: number }>;
  /** "Assign follow-up" on each entry: the Follow-ups panel, prefilled with a link to it. */
  assignable?: boolean;
  timeZone: string;
};

/** An entry's open follow-ups, said in words for EntryFollowUps (the due moment in the reader's zone). */
function followUpLines(items: EntryFollowUp[], timeZone: string): FollowUpLine[] {
  return items.map((followUp) => ({
    id: followUp.id,
    title: followUp.title,
    who: `${followUp.assigneeName}${followUp.response === "declined" ? " (declined)" : followUp.response === "pending" ? " (not yet accepted)" : ""}`,
    ...(followUp.dueAt ? { due: `${followUp.overdue ? "overdue since" : "due"} ${formatMoment(followUp.dueAt, timeZone)}` } : {}),
    ...(followUp.overdue ? { overdue: 1 as const } : {}),
  }));
}

/**
 * A kind's entries as rows of data (`EntryRow`), rendered by its client list: `rowsOf`
 * in the kind's panel pairs the server's row (`of`) with the list that renders it.
 */
export type RowsOf<T> = (entries: Array<Omit<EntryRow<never>, "row"> & { item: T }>, ordered: boolean) => ReactNode;

/** What survives JSON as itself: a row packed for the browser (PackedRows) holds nothing else (a Date would arrive as a string). */
type Plain = string | number | boolean | null | undefined | readonly Plain[] | { readonly [key: string]: Plain };

export function rowsOf<T, R extends Plain>(of: (item: T) => R, List: ComponentType<EntryRowsProps<R>>): RowsOf<T> {
  return function EntryRowList(entries, ordered) {
    const rows: EntryRow<R>[] = entries.map(({ item, ...entry }) => ({ ...entry, row: of(item) }));
    return <List ordered={ordered} rows={JSON.stringify(rows) as PackedRows<R>} />;
  };
}

/**
 * A panel's entries as rows of data: each entry's id, version, label, flags, comment counts and
 * open follow-ups, and the kind's row (`rows`: the kind's `rowsOf`), which its client list renders
 * with its history link, comment thread and — for members who may write — its Edit button (the
 * form loads when opened), delete/restore and "Assign follow-up" (EntryRows, EditableEntry).
 */
export type EntryListProps<T extends Entry> = {
  items: ReadonlyArray<T>;
  storyId: string;
  kind: EntryKind;
  canWrite: boolean;
  /** Per entry, when not every writer may edit every entry (follow-ups). */
  canEdit?: (item: T) => boolean;
  labelOf: (item: T) => string;
  /** Whether the kind's entries have an edit form (loaded when opened: LazyEntryForm). */
  editForm?: boolean;
  /** The kind's entries as rows of data, rendered by its client list (see RowsOf). */
  rows: RowsOf<T>;
  extras?: EntryExtras;
  ordered?: boolean;
};

export function EntryList<T extends Entry>({ items, storyId, kind, canWrite, canEdit = () => canWrite, labelOf, editForm = true, rows, extras, ordered = false }: EntryListProps<T>) {
  const entries = items.map((item) => {
    const comments = extras?.threads?.get(item.id) ?? (extras?.threads ? NO_COMMENTS : undefined);
    const followUps = extras?.followUps?.get(item.id);
    return {
      item,
      id: item.id,
      v: item.version,
      label: labelOf(item),
      ...(item.deletedAt !== null ? { del: 1 as const } : {}),
      ...(canWrite && canEdit(item) ? { edit: 1 as const } : {}),
      ...(comments ? { c: [comments.open, comments.total] as [number, number] } : {}),
      ...(followUps?.length && extras ? { fu: followUpLines(followUps, extras.timeZone) } : {}),
    };
  });
  return (
    <EntryListProvider storyId={storyId} kind={kind} canWrite={canWrite} editForm={editForm} assignable={Boolean(extras?.assignable)}>
      {rows(entries, ordered)}
    </EntryListProvider>
  );
}
