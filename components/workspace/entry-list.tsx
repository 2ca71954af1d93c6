import Link from "next/link";
import type { ReactNode } from "react";
import type { EntryKind } from "@/lib/validations/entries";
import { EditableEntry } from "./editable-entry";
import { EntryControls } from "./entry-controls";

type Entry = { id: string; version: number; deletedAt: Date | null };

/**
 * A panel's entries: each shows its summary and a link to its history, and — for members
 * who may write — its edit form and delete/restore controls.
 */
export function EntryList<T extends Entry>({
  items,
  storyId,
  kind,
  canWrite,
  labelOf,
  formOf,
  summaryOf,
  ordered = false,
}: {
  items: ReadonlyArray<T>;
  storyId: string;
  kind: EntryKind;
  canWrite: boolean;
  labelOf: (item: T) => string;
  formOf: (item: T) => ReactNode;
  summaryOf: (item: T) => ReactNode;
  ordered?: boolean;
}) {
  const List = ordered ? "ol" : "ul";
  return (
    <List className="flex flex-col gap-2">
      {items.map((item) => {
        const label = labelOf(item);
        const deleted = item.deletedAt !== null;
        return (
          <li key={item.id}>
            <EditableEntry
              label={label}
              deleted={deleted}
              form={canWrite ? formOf(item) : undefined}
              history={
                <Link
                  href={`/stories/${storyId}/history/${kind}/${item.id}`}
                  aria-label={`History of ${label}`}
                  className="inline-flex h-8 items-center rounded px-2 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
                >
                  History
                </Link>
              }
              controls={canWrite ? <EntryControls storyId={storyId} kind={kind} entryId={item.id} version={item.version} deleted={deleted} label={label} /> : undefined}
            >
              {summaryOf(item)}
            </EditableEntry>
          </li>
        );
      })}
    </List>
  );
}
