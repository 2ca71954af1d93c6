"use client";
import { createContext, useContext, useId, useRef, useState, type ReactNode } from "react";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ChangedWhileEditing, LiveChangeMark } from "@/components/live/entry-live";
import { EditingHint, useLiveEntry } from "@/components/live/use-live-entry";

type EntryEditing = { close: () => void };
const EditingContext = createContext<EntryEditing>({ close: () => {} });

/** Inside an entry's edit form: closes the form (after a save, or on cancel). */
export const useEntryEditing = () => useContext(EditingContext);

/**
 * One entry of a panel: its server-rendered view (children), and — for those who may
 * write — an Edit button that swaps in its form, plus delete/restore controls.
 *
 * The actions sit beside the entry on a wide screen. On a phone they would take half the card,
 * so there they are one "Actions" button opening them as a sheet at the bottom of the screen:
 * the same buttons in a popover that, from the sm breakpoint up, is shown in place (CSS only,
 * nothing rendered twice).
 */
export function EditableEntry({
  entry,
  label,
  form,
  controls,
  history,
  deleted,
  children,
}: {
  /** Which entry, at which version: for the live desk (who else edits it, what changed meanwhile). */
  entry: { kind: EntryKind; id: string; version: number };
  label: string;
  form?: ReactNode;
  controls?: ReactNode;
  /** A link to the entry's history: for every reader. */
  history?: ReactNode;
  deleted?: boolean;
  children: ReactNode;
}) {
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
      className={cn(
        "rounded border bg-white p-3 transition-shadow duration-700",
        deleted ? "border-dashed border-slate-300 opacity-75" : "border-slate-200",
        live.changed && !editing ? "ring-2 ring-amber-300" : "",
      )}
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
            <LiveChangeMark change={live.changed} />
          </div>
          {form || controls || history ? (
            <div className="shrink-0">
              <button
                ref={menuButton}
                type="button"
                popoverTarget={menuId}
                aria-label={`Actions on ${label}`}
                className="inline-flex size-11 items-center justify-center rounded text-lg leading-none text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 sm:hidden"
              >
                <span aria-hidden>⋯</span>
              </button>
              <div
                id={menuId}
                popover="auto"
                role="group"
                aria-label={`Actions on ${label}`}
                className={cn(
                  // A phone's sheet: the full width at the bottom, one action per row.
                  "fixed inset-x-0 top-auto bottom-0 m-0 w-full flex-col gap-1 border-t border-slate-200 bg-white p-3 shadow-2xl backdrop:bg-slate-900/30 [&:popover-open]:flex",
                  // From sm up: in place, beside the entry, always shown.
                  "sm:static sm:flex sm:w-auto sm:flex-row sm:items-start sm:gap-1 sm:border-0 sm:bg-transparent sm:p-0 sm:shadow-none",
                )}
              >
                {history}
                {form && !deleted ? (
                  <Button ref={editButton} variant="ghost" aria-label={`Edit ${label}`} onClick={() => setEditing(true)}>
                    Edit
                  </Button>
                ) : null}
                {controls}
              </div>
            </div>
          ) : null}
        </div>
      )}
    </article>
  );
}
