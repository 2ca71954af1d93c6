"use client";
import { createContext, useContext, useState, type ReactNode } from "react";
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
        <EditingContext.Provider value={{ close: () => setEditing(false) }}>
          {entry.version > startedAt || live.whileEditing ? (
            <ChangedWhileEditing kind={entry.kind} change={live.whileEditing} latest={children} />
          ) : null}
          {/* Esc closes the form, as the shortcuts help says (the typed text is discarded). */}
          <div onKeyDown={(event) => event.key === "Escape" && setEditing(false)}>{form}</div>
        </EditingContext.Provider>
      ) : (
        <div className="flex gap-3">
          <div className="min-w-0 flex-1">
            {children}
            <LiveChangeMark change={live.changed} />
          </div>
          {form || controls || history ? (
            <div className="flex shrink-0 items-start gap-1">
              {history}
              {form && !deleted ? (
                <Button variant="ghost" aria-label={`Edit ${label}`} onClick={() => setEditing(true)}>
                  Edit
                </Button>
              ) : null}
              {controls}
            </div>
          ) : null}
        </div>
      )}
    </article>
  );
}
