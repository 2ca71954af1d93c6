"use client";
import { useContext, useMemo, type ReactNode } from "react";
import { EditableEntry, ListContext } from "./editable-entry";
import { EntryFollowUps, type FollowUpLine } from "./entry-follow-ups";

/**
 * One entry of a panel as data: what its frame needs (EditableEntry) and the kind's row, which
 * the server said in words. The uuid travels once; the `<li>`, the article and the row's markup
 * are made here, so the page's RSC payload carries data, not element trees (issue 16).
 */
export type EntryRow<R> = {
  id: string;
  v: number;
  label: string;
  /** Deleted. */
  del?: 1;
  /** This user may change it. */
  edit?: 1;
  /** Comment counts [open, total], when the panel has comments. */
  c?: [number, number];
  /** Its open follow-ups. */
  fu?: FollowUpLine[];
  row: R;
};

/** What the kind's row component gets: its data, the entry's id and the story's. */
export type RowProps<R> = { row: R; id: string; storyId: string };

/**
 * A page's rows as one JSON string (entry-list.tsx' `rowsOf` packs them): the RSC payload then
 * carries one value for the whole list, not ~25 per row that React serializes one by one on
 * the server and revives one by one in the server's HTML pass and in the browser (React sends a
 * long string as a raw text row, unescaped: the payload is as large as before; issue 16, wave 14).
 * Only plain data goes in (strings, numbers, arrays, objects): no Date.
 */
export type PackedRows<R> = string & { readonly __rows?: R };

export type EntryRowsProps<R> = { rows: PackedRows<R>; ordered?: boolean };

/**
 * A panel's entries, rendered in the browser (and on the server, for the first paint) from
 * compact rows. `Row` renders the kind's summary; `menu` adds the kind's own items to an
 * entry's "⋯" actions menu (made when it opens); `actions`, its one-click actions at the end of
 * its row (a follow-up's accept, done…).
 */
export function EntryRows<R>({
  rows,
  ordered = false,
  Row,
  menu,
  actions,
}: EntryRowsProps<R> & {
  Row: (props: RowProps<R>) => ReactNode;
  menu?: (entry: EntryRow<R>, storyId: string) => ReactNode;
  actions?: (entry: EntryRow<R>, storyId: string) => ReactNode;
}) {
  const list = useContext(ListContext);
  if (!list) throw new Error("EntryRows outside an EntryListProvider");
  const entries = useMemo(() => JSON.parse(rows) as EntryRow<R>[], [rows]);
  const List = ordered ? "ol" : "ul";
  return (
    <List className="entry-list">
      {entries.map((entry) => (
        <li key={entry.id} id={`entry-${entry.id}`}>
          <EditableEntry
            id={entry.id}
            version={entry.v}
            label={entry.label}
            deleted={Boolean(entry.del)}
            editable={Boolean(entry.edit)}
            comments={entry.c ? { open: entry.c[0], total: entry.c[1] } : undefined}
            menu={menu?.(entry, list.storyId)}
            actions={actions?.(entry, list.storyId)}
          >
            <Row row={entry.row} id={entry.id} storyId={list.storyId} />
            {entry.fu ? <EntryFollowUps storyId={list.storyId} items={entry.fu} /> : null}
          </EditableEntry>
        </li>
      ))}
    </List>
  );
}
