"use client";
import { createContext, useContext, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

type EntryEditing = { close: () => void };
const EditingContext = createContext<EntryEditing>({ close: () => {} });

/** Inside an entry's edit form: closes the form (after a save, or on cancel). */
export const useEntryEditing = () => useContext(EditingContext);

/**
 * One entry of a panel: its server-rendered view (children), and — for those who may
 * write — an Edit button that swaps in its form, plus delete/restore controls.
 */
export function EditableEntry({
  label,
  form,
  controls,
  history,
  deleted,
  children,
}: {
  label: string;
  form?: ReactNode;
  controls?: ReactNode;
  /** A link to the entry's history: for every reader. */
  history?: ReactNode;
  deleted?: boolean;
  children: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  return (
    <article aria-label={label} className={cn("rounded border bg-white p-3", deleted ? "border-dashed border-slate-300 opacity-75" : "border-slate-200")}>
      {editing && form ? (
        <EditingContext.Provider value={{ close: () => setEditing(false) }}>
          {/* Esc closes the form, as the shortcuts help says (the typed text is discarded). */}
          <div onKeyDown={(event) => event.key === "Escape" && setEditing(false)}>{form}</div>
        </EditingContext.Provider>
      ) : (
        <div className="flex gap-3">
          <div className="min-w-0 flex-1">{children}</div>
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
