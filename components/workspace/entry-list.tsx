import Link from "next/link";
import type { ReactNode } from "react";
import type { EntryFollowUp } from "@/lib/server/follow-ups/read";
import { formatMoment } from "@/lib/time-zone";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { EditableEntry, EntryListProvider } from "./editable-entry";

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

function EntryFollowUps({ storyId, items, timeZone }: { storyId: string; items: EntryFollowUp[]; timeZone: string }) {
  return (
    <ul aria-label="Open follow-ups" className="mt-1 flex flex-col gap-0.5 border-l-2 border-amber-300 pl-2 text-xs text-slate-700">
      {items.map((followUp) => (
        <li key={followUp.id}>
          <Link href={`/stories/${storyId}?tab=follow-ups&focus=${followUp.id}`} prefetch={false} className="font-medium hover:underline">
            {followUp.title}
          </Link>{" "}
          — {followUp.assigneeName}
          {followUp.response === "declined" ? " (declined)" : followUp.response === "pending" ? " (not yet accepted)" : ""}
          {followUp.dueAt ? (
            <span className={followUp.overdue ? "font-medium text-red-700" : "text-slate-500"}>
              {", "}
              {followUp.overdue ? "overdue since " : "due "}
              {formatMoment(followUp.dueAt, timeZone)}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * A panel's entries: each shows its summary, its open follow-ups, a link to its history and its
 * comment thread, and — for members who may write — its Edit button (the form loads when opened),
 * delete/restore controls and "Assign follow-up".
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
  summaryOf: (item: T) => ReactNode;
  /** Extra one-click actions of an entry (a follow-up's accept, done…). */
  actionsOf?: (item: T) => ReactNode;
  extras?: EntryExtras;
  ordered?: boolean;
};

export function EntryList<T extends Entry>({
  items,
  storyId,
  kind,
  canWrite,
  canEdit = () => canWrite,
  labelOf,
  editForm = true,
  summaryOf,
  actionsOf,
  extras,
  ordered = false,
}: EntryListProps<T>) {
  const List = ordered ? "ol" : "ul";
  return (
    <EntryListProvider storyId={storyId} kind={kind} canWrite={canWrite} editForm={editForm} assignable={Boolean(extras?.assignable)}>
      <List className="flex flex-col gap-2">
        {items.map((item) => {
          const label = labelOf(item);
          const deleted = item.deletedAt !== null;
          const editable = canWrite && canEdit(item);
          const followUps = extras?.followUps?.get(item.id);
          // The comment thread and "Assign follow-up" are made in EditableEntry from the entry's
          // ids: only the count travels per entry (issue 16).
          return (
            <li key={item.id} id={`entry-${item.id}`}>
              <EditableEntry
                id={item.id}
                version={item.version}
                label={label}
                deleted={deleted}
                editable={editable}
                comments={extras?.threads?.get(item.id) ?? (extras?.threads ? NO_COMMENTS : undefined)}
                actions={actionsOf?.(item)}
              >
                {summaryOf(item)}
                {followUps?.length && extras ? <EntryFollowUps storyId={storyId} items={followUps} timeZone={extras.timeZone} /> : null}
              </EditableEntry>
            </li>
          );
        })}
      </List>
    </EntryListProvider>
  );
}
