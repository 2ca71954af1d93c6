"use client";
import Link from "next/link";
import { createContext, useContext, useId, useRef, useState, type ReactNode } from "react";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ChangedWhileEditing, LiveChangeMark } from "@/components/live/entry-live";
import { EditingHint, useLiveEntry } from "@/components/live/use-live-entry";
import { CommentThread } from "@/components/comments/comment-thread";
import { EntryControls } from "./entry-controls";
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
const ListContext = createContext<EntryListContext | null>(null);

export function EntryListProvider({ children, ...value }: EntryListContext & { children: ReactNode }) {
  return <ListContext.Provider value={value}>{children}</ListContext.Provider>;
}

/**
 * One entry of a panel: its server-rendered view (children), a link to its history, and — for
 * those who may write — an Edit button that loads and swaps in its form (LazyEntryForm), plus
 * delete/restore controls, its comment thread and "Assign follow-up". Made here from the entry's
 * ids rather than sent as elements per entry: a panel of 50 entries carries 50 of each in its
 * RSC payload (issue 16).
 *
 * The actions sit beside the entry on a wide screen. On a phone they would take half the card,
 * so there they are one "Actions" button opening them as a sheet at the bottom of the screen:
 * the same buttons in a popover that, from the sm breakpoint up, is shown in place (CSS only,
 * nothing rendered twice).
 */
export function EditableEntry({
  id,
  version,
  label,
  editable = false,
  deleted = false,
  comments,
  actions,
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
  children: ReactNode;
}) {
  const list = useContext(ListContext);
  if (!list) throw new Error("EditableEntry outside an EntryListProvider");
  const entry = { storyId: list.storyId, kind: list.kind, id, version };
  const form = editable && list.editForm ? <LazyEntryForm storyId={entry.storyId} kind={entry.kind} entryId={entry.id} /> : undefined;
  const assign = list.assignable && list.canWrite && !deleted;
  const [editing, setEditingState] = useState(false);
  // The version the open form started from: the page may move on under it (someone saved).
  const [startedAt, setStartedAt] = useState(entry.version);
  const setEditing = (value: boolean) => {
    setStartedAt(entry.version);
    setEditingState(value);
  };
  const live = useLiveEntry(entry.kind, entry.id, editing && Boolean(form));
  const editButton = useRef<HTMLButtonElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  // Closing the form (saved, cancelled, Esc) hands focus back to the Edit button it came from
  // (on a phone, where the sheet has closed, to the button that opens it).
  const close = () => {
    setEditing(false);
    requestAnimationFrame(() => (editButton.current?.checkVisibility() ? editButton.current : menuButton.current)?.focus());
  };
  return (
    <article
      aria-label={label}
      className={cn("entry-card", deleted && "entry-card-deleted", live.changed && !editing && "ring-2 ring-amber-300")}
    >
      <EditingHint kind={entry.kind} editors={live.editors} />
      {editing && form ? (
        <EditingContext.Provider value={{ close }}>
          {entry.version > startedAt || live.whileEditing ? (
            <ChangedWhileEditing kind={entry.kind} change={live.whileEditing} latest={children} />
          ) : null}
          {/* Esc closes the form, as the shortcuts help says (the typed text is discarded). */}
          <div onKeyDown={(event) => event.key === "Escape" && close()}>{form}</div>
        </EditingContext.Provider>
      ) : (
        <div className="flex gap-3">
          <div className="min-w-0 flex-1">
            {children}
            {comments || assign || actions ? (
              <div className="mt-1 flex flex-wrap items-start gap-1">
                {comments ? <CommentThread storyId={entry.storyId} entityType={entry.kind} entityId={id} label={label} initialCount={comments} canWrite={list.canWrite} /> : null}
                {assign ? (
                  <Link href={`/stories/${entry.storyId}?tab=follow-ups&link=${entry.kind}:${id}`} aria-label={`Assign follow-up on ${label}`} className="entry-link">
                    Assign follow-up
                  </Link>
                ) : null}
                {actions ? <div className="ml-auto">{actions}</div> : null}
              </div>
            ) : null}
            <LiveChangeMark change={live.changed} />
          </div>
          <div className="shrink-0">
            <button
              ref={menuButton}
              type="button"
              popoverTarget={menuId}
              aria-label={`Actions on ${label}`}
              className="entry-menu-button"
            >
              <span aria-hidden>⋯</span>
            </button>
            <div
              id={menuId}
              popover="auto"
              role="group"
              aria-label={`Actions on ${label}`}
              // A phone's sheet: the full width at the bottom, one action per row; from sm up, in
              // place beside the entry, always shown (app/globals.css).
              className="entry-actions"
            >
              <Link
                href={`/stories/${entry.storyId}/history/${entry.kind}/${entry.id}`}
                aria-label={`History of ${label}`}
                className="entry-history-link"
              >
                History
              </Link>
              {form && !deleted ? (
                <Button ref={editButton} variant="ghost" aria-label={`Edit ${label}`} onClick={() => setEditing(true)}>
                  Edit
                </Button>
              ) : null}
              {editable ? <EntryControls storyId={entry.storyId} kind={entry.kind} entryId={entry.id} version={entry.version} deleted={deleted} label={label} /> : null}
            </div>
          </div>
        </div>
      )}
    </article>
  );
}
