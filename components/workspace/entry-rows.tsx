"use client";
import { useContext, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { QUIET_ENTRY } from "@/components/live/entry-store";
import { useLiveEntries } from "@/components/live/use-live-entry";
import type { ThreadCount } from "@/components/comments/types";
import { EditableEntry, ListContext, type EntryListState, type EntryRow, type RowKind } from "./editable-entry";
import { followLink } from "./follow-link";

export type { EntryRow, RowProps } from "./editable-entry";

/**
 * A page's rows as one JSON string (entry-list.tsx' `rowsOf` packs them): the RSC payload then
 * carries one value for the whole list, not ~25 per row that React serializes one by one on
 * the server and revives one by one in the server's HTML pass and in the browser (React sends a
 * long string as a raw text row, unescaped: the payload is as large as before; issue 16, wave 14).
 * Only plain data goes in (strings, numbers, arrays, objects): no Date.
 */
export type PackedRows<R> = string & { readonly __rows?: R };

export type EntryRowsProps<R> = { rows: PackedRows<R>; ordered?: boolean };

const without = <T,>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const { [key]: _gone, ...rest } = record;
  return rest;
};

/**
 * A panel's entries, rendered in the browser (and on the server, for the first paint) from
 * compact rows. `Row` renders the kind's summary; `menu` adds the kind's own items to an
 * entry's "⋯" actions menu (made when it opens); `actions`, its one-click actions at the end of
 * its row (a follow-up's accept, done…).
 *
 * What an entry would keep for itself, the list keeps for all of them (issue 16, rows28): which
 * entry's menu is made (one at a time), which forms and comment threads are open, the live desk's
 * slices (one subscription), and one click handler for the rows' links (followLink). An entry is
 * then a memoized function of its props, with no hooks: the server's HTML pass and the browser's
 * hydration each did ~6 components with their hooks per row.
 */
export function EntryRows<R>({ rows, ordered = false, Row, menu, actions }: EntryRowsProps<R> & RowKind<R>) {
  const list = useContext(ListContext);
  if (!list) throw new Error("EntryRows outside an EntryListProvider");
  const entries = useMemo(() => JSON.parse(rows) as EntryRow<R>[], [rows]);
  const ids = useMemo(() => entries.map((entry) => entry.id), [entries]);
  const live = useLiveEntries(ids);
  const kind = useMemo(() => ({ Row, menu, actions }), [Row, menu, actions]);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [editing, setEditing] = useState<Readonly<Record<string, number>>>({});
  const [threads, setThreads] = useState<Readonly<Record<string, ThreadCount | null>>>({});
  const router = useRouter();
  const state = useMemo<EntryListState>(
    () => ({
      open: (id) => setMenuFor(id),
      edit: (id, version) => {
        // The menu is done with: closing the form must not open it again.
        setMenuFor(null);
        setEditing((open) => ({ ...open, [id]: version }));
      },
      closeForm: (id) => setEditing((open) => without(open, id)),
      toggleThread: (id) => setThreads((open) => (id in open ? without(open, id) : { ...open, [id]: null })),
      threadCount: (id, count) =>
        setThreads((open) => {
          const now = open[id];
          if (now === undefined || (now && now.open === count.open && now.total === count.total)) return open;
          return { ...open, [id]: count };
        }),
    }),
    [],
  );
  const List = ordered ? "ol" : "ul";
  return (
    <List className="entry-list" onClick={(event) => followLink(event, router)}>
      {entries.map((entry) => (
        <li key={entry.id} id={`entry-${entry.id}`}>
          <EditableEntry
            list={list}
            state={state}
            kind={kind}
            entry={entry}
            thread={threads[entry.id]}
            live={live.get(entry.id) ?? QUIET_ENTRY}
            menuMade={menuFor === entry.id}
            editingFrom={editing[entry.id]}
          />
        </li>
      ))}
    </List>
  );
}
