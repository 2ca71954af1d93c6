"use client";
import { createContext, useContext, useRef, useState, type ReactNode } from "react";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { cn } from "@/components/ui/cn";
import { ChangedWhileEditing, LiveChangeMark } from "@/components/live/entry-live";
import { EditingHint, useLiveEntry } from "@/components/live/use-live-entry";
import { CommentThread } from "@/components/comments/comment-thread";
import { EntryActions } from "./entry-actions";
import { EditingContext } from "./entry-editing";
import { LazyEntryForm } from "./lazy-entry-form";

/** What every entry of a list shares: sent once per panel, not once per entry (issue 16). */
type EntryListContext = {
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
 * One entry of a panel: its row (children, the kind's row component), its comment thread, and one "⋯"
 * actions menu (History; for those who may write, Edit — which loads and swaps in its form,
 * LazyEntryForm —, delete/restore and "Assign follow-up"), made in the browser from the entry's
 * ids when opened rather than sent as elements per entry: a panel of 50 entries carried 50 of
 * each in its HTML and RSC payload (issue 16).
 */
export function EditableEntry({
  id,
  version,
  label,
  editable = false,
  deleted = false,
  comments,
  actions,
  menu,
  children,
}: {
  /** Which entry, at which version: for the live desk (who else edits it, what changed meanwhile), its history and controls. */
  id: string;
  version: number;
  label: string;
  /** May this user change it (delete/restore, and edit when the kind has a form)? */
  editable?: boolean;
  deleted?: boolean;
  /** Its comment count, when the panel has comments: the thread loads when opened. */
  comments?: { open: number; total: number };
  /** Extra one-click actions (a follow-up's accept, done…), at the end of its row. */
  actions?: ReactNode;
  /** The kind's own items in the "⋯" menu (a source's protection steps), made when it opens. */
  menu?: ReactNode;
  children: ReactNode;
}) {
  const list = useContext(ListContext);
  if (!list) throw new Error("EditableEntry outside an EntryListProvider");
  const entry = { storyId: list.storyId, kind: list.kind, id, version };
  const hasForm = editable && list.editForm;
  const assign = list.assignable && list.canWrite && !deleted;
  const [editing, setEditingState] = useState(false);
  // The version the open form started from: the page may move on under it (someone saved).
  const [startedAt, setStartedAt] = useState(entry.version);
  const setEditing = (value: boolean) => {
    setStartedAt(entry.version);
    setEditingState(value);
  };
  const live = useLiveEntry(entry.kind, entry.id, editing && hasForm);
  const menuButton = useRef<HTMLButtonElement>(null);
  // Closing the form (saved, cancelled, Esc) hands focus back to the actions button Edit came from.
  const close = () => {
    setEditing(false);
    requestAnimationFrame(() => menuButton.current?.focus());
  };
  const form = editing && hasForm;
  // Without one-click actions, the thread is the entry's foot itself: two wrappers fewer per row (issue 16, rows27).
  const thread = comments ? (
    <CommentThread storyId={entry.storyId} entityType={entry.kind} entityId={id} label={label} initialCount={comments} canWrite={list.canWrite} className={actions ? undefined : "entry-thread"} />
  ) : null;
  return (
    // Read, the card is the row itself (.entry-row: the entry, then its "⋯"), not a wrapper inside it.
    <article
      aria-label={label}
      className={cn("entry-card", !form && "entry-row", deleted && "entry-card-deleted", live.changed && !editing && "ring-2 ring-amber-300")}
    >
      {/* Only when there is something to say: two components fewer per row in a panel of 50 (issue 16, wave 14). */}
      {live.editors.length ? <EditingHint kind={entry.kind} editors={live.editors} className={form ? undefined : "basis-full"} /> : null}
      {form ? (
        <EditingContext.Provider value={{ close }}>
          {entry.version > startedAt || live.whileEditing ? (
            <ChangedWhileEditing kind={entry.kind} change={live.whileEditing} latest={children} />
          ) : null}
          {/* Esc closes the form, as the shortcuts help says (the typed text is discarded). */}
          <div onKeyDown={(event) => event.key === "Escape" && close()}>
            <LazyEntryForm storyId={entry.storyId} kind={entry.kind} entryId={entry.id} />
          </div>
        </EditingContext.Provider>
      ) : (
        <>
          <div className="entry-main">
            {children}
            {actions ? (
              <div className="entry-foot">
                {thread}
                <div className="ml-auto">{actions}</div>
              </div>
            ) : (
              thread
            )}
            {live.changed ? <LiveChangeMark change={live.changed} /> : null}
          </div>
          <EntryActions
            storyId={entry.storyId}
            kind={entry.kind}
            id={id}
            version={version}
            label={label}
            deleted={deleted}
            onEdit={hasForm ? () => setEditing(true) : undefined}
            editable={editable}
            assign={assign}
            buttonRef={menuButton}
            more={menu}
          />
        </>
      )}
    </article>
  );
}
