"use client";
import { createContext, memo, useMemo, type ReactNode } from "react";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { cn } from "@/components/ui/cn";
import { ChangedWhileEditing, LiveChangeMark } from "@/components/live/entry-live";
import { EditingHint, useEditingPresence, type LiveEntry } from "@/components/live/use-live-entry";
import { CommentToggle, OpenCommentThread } from "@/components/comments/comment-thread";
import type { ThreadCount } from "@/components/comments/types";
import { EntryMenu, EntryMenuButton } from "./entry-actions";
import { EditingContext } from "./entry-editing";
import { LazyEntryForm } from "./lazy-entry-form";
import { EntryFollowUps, type FollowUpLine } from "./entry-follow-ups";

/** What every entry of a list shares: sent once per panel, not once per entry (issue 16). */
export type EntryListContext = {
  storyId: string;
  kind: EntryKind;
  /** May this user write in the story (comment, assign follow-ups)? */
  canWrite: boolean;
  /** Whether the kind has an edit form (a document does not). */
  editForm: boolean;
  /** "Assign follow-up" on each live entry: the Follow-ups panel, prefilled with a link to it. */
  assignable: boolean;
};
export const ListContext = createContext<EntryListContext | null>(null);

export function EntryListProvider({ children, ...value }: EntryListContext & { children: ReactNode }) {
  return <ListContext.Provider value={value}>{children}</ListContext.Provider>;
}

/**
 * What an entry's list keeps for all its entries (EntryRows), so that an entry itself has no
 * state, no effect and no subscription: which entry's "⋯" menu is made, which forms and comment
 * threads are open, and the live desk's slice for each entry (one subscription per list). Its
 * functions are stable: an entry whose props did not change skips its render (memo).
 */
export type EntryListState = {
  open: (id: string) => void;
  edit: (id: string, version: number) => void;
  closeForm: (id: string) => void;
  toggleThread: (id: string) => void;
  threadCount: (id: string, count: ThreadCount) => void;
};

/**
 * One entry of a panel as data: what its frame needs (EditableEntry) and the kind's row, which
 * the server said in words. The uuid travels once; the `<li>`, the article and the row's markup
 * are made in the browser's list (EntryRows), so the page's RSC payload carries data, not element
 * trees (issue 16).
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

/** How a list renders its kind's entries: the row, and the kind's own "⋯" items and one-click actions (EntryRows). */
export type RowKind<R> = {
  Row: (props: RowProps<R>) => ReactNode;
  menu?: (entry: EntryRow<R>, storyId: string) => ReactNode;
  actions?: (entry: EntryRow<R>, storyId: string) => ReactNode;
};

type EditableEntryProps<R> = {
  list: EntryListContext;
  state: EntryListState;
  kind: RowKind<R>;
  entry: EntryRow<R>;
  /** Its thread is open (null: its count not loaded yet; undefined: closed). */
  thread?: ThreadCount | null;
  /** The live desk's slice for it (QUIET_ENTRY for most). */
  live: LiveEntry;
  /** Its "⋯" menu is made (its button was pressed, and no other entry's since). */
  menuMade: boolean;
  /** Its edit form is open, started from this version (the page may move on under it: someone saved). */
  editingFrom?: number;
};

/**
 * One entry of a panel: its row (the kind's row component, and its open follow-ups), its comment
 * thread, and one "⋯" actions menu (History; for those who may write, Edit — which loads and
 * swaps in its form, LazyEntryForm —, delete/restore and "Assign follow-up"), made in the browser
 * from the entry's ids when opened rather than sent as elements per entry: a panel of 50 entries
 * carried 50 of each in its HTML and RSC payload (issue 16). It keeps no state: its list does
 * (EntryListState), and it renders again only when its own props change.
 */
function EditableEntryOf<R>({ list, state, kind, entry, thread, live, menuMade, editingFrom }: EditableEntryProps<R>) {
  const { id, v: version, label } = entry;
  const deleted = Boolean(entry.del);
  const editable = Boolean(entry.edit);
  const comments = entry.c ? { open: entry.c[0], total: entry.c[1] } : undefined;
  const actions = kind.actions?.(entry, list.storyId);
  const hasForm = editable && list.editForm;
  const assign = list.assignable && list.canWrite && !deleted;
  const form = editingFrom !== undefined && hasForm;
  const threadOpen = thread !== undefined;
  const { Row } = kind;
  const row = (
    <>
      <Row row={entry.row} id={id} storyId={list.storyId} />
      {entry.fu ? <EntryFollowUps storyId={list.storyId} items={entry.fu} /> : null}
    </>
  );
  // Without one-click actions, the thread's button is the entry's foot itself, its open thread a
  // box under it: no wrapper per row (issue 16, rows27–28).
  const toggle = comments ? (
    <CommentToggle entityId={id} label={label} count={thread ?? comments} open={threadOpen} onToggle={() => state.toggleThread(id)} className={actions ? undefined : "entry-thread"} />
  ) : null;
  const openThread =
    comments && threadOpen ? (
      <OpenCommentThread storyId={list.storyId} entityType={list.kind} entityId={id} label={label} initialCount={comments} canWrite={list.canWrite} onCount={state.threadCount} />
    ) : null;
  return (
    // Read, the card is the row itself (.entry-row: the entry, then its "⋯"), not a wrapper inside it.
    <article
      aria-label={label}
      className={cn("entry-card", !form && "entry-row", deleted && "entry-card-deleted", live.changed && !form && "ring-2 ring-amber-300")}
    >
      {/* Only when there is something to say: two components fewer per row in a panel of 50 (issue 16, wave 14). */}
      {live.editors.length ? <EditingHint kind={list.kind} editors={live.editors} className={form ? undefined : "basis-full"} /> : null}
      {form ? (
        <EntryForm list={list} state={state} id={id} version={version} startedAt={editingFrom} live={live} latest={row} />
      ) : (
        <>
          <div className="entry-main">
            {row}
            {actions ? (
              <div className="entry-foot">
                <div className="comment-thread">
                  {toggle}
                  {openThread}
                </div>
                <div className="ml-auto">{actions}</div>
              </div>
            ) : (
              <>
                {toggle}
                {openThread ? <div className="comment-thread entry-thread-open">{openThread}</div> : null}
              </>
            )}
            {live.changed ? <LiveChangeMark change={live.changed} /> : null}
          </div>
          <EntryMenuButton id={id} label={label} onOpen={state.open} />
          {menuMade ? (
            <EntryMenu
              storyId={list.storyId}
              kind={list.kind}
              id={id}
              version={version}
              label={label}
              deleted={deleted}
              onEdit={hasForm ? () => state.edit(id, version) : undefined}
              editable={editable}
              assign={assign}
              more={kind.menu?.(entry, list.storyId)}
            />
          ) : null}
        </>
      )}
    </article>
  );
}

export const EditableEntry = memo(EditableEntryOf) as typeof EditableEntryOf;

/** An entry's open edit form: tells the others on the story it is being edited; Esc closes it. */
function EntryForm({ list, state, id, version, startedAt, live, latest }: { list: EntryListContext; state: EntryListState; id: string; version: number; startedAt: number; live: LiveEntry; latest: ReactNode }) {
  useEditingPresence(list.kind, id);
  // Closing the form (saved, cancelled, Esc) hands focus back to the actions button Edit came from.
  const editing = useMemo(
    () => ({
      close: () => {
        state.closeForm(id);
        requestAnimationFrame(() => document.getElementById(`entry-${id}`)?.querySelector<HTMLElement>(".entry-menu-button")?.focus());
      },
    }),
    [state, id],
  );
  return (
    <EditingContext.Provider value={editing}>
      {version > startedAt || live.whileEditing ? <ChangedWhileEditing kind={list.kind} change={live.whileEditing} latest={latest} /> : null}
      {/* Esc closes the form, as the shortcuts help says (the typed text is discarded). */}
      <div onKeyDown={(event) => event.key === "Escape" && editing.close()}>
        <LazyEntryForm storyId={list.storyId} kind={list.kind} entryId={id} />
      </div>
    </EditingContext.Provider>
  );
}
