"use client";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { flushSync } from "react-dom";
import { Button } from "@/components/ui/button";

const QuickAddContext = createContext<{ close: () => void }>({ close: () => {} });
export const useQuickAdd = () => useContext(QuickAddContext);

/**
 * The panel's "New …" form, opened with its button or the N key; the first field gets focus
 * so an entry can be logged in a few keystrokes.
 */
export function QuickAdd({ label, defaultOpen = false, children }: { label: string; defaultOpen?: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(defaultOpen);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(defaultOpen);

  const focusFirstField = () => box.current?.querySelector<HTMLElement>("input:not([type=hidden]), textarea, select, [contenteditable=true]")?.focus();
  useEffect(() => {
    // The N key arrives through a window listener, outside React's own events: open and focus
    // synchronously, so that what a fast typist types next lands in the form, not in the page.
    const openForm = () => {
      flushSync(() => setOpen(true));
      focusFirstField();
    };
    window.addEventListener("storydesk:new-entry", openForm);
    return () => window.removeEventListener("storydesk:new-entry", openForm);
  }, []);
  useEffect(() => {
    // Opened: the first field. Closed (added, cancelled, Esc): back to the button, where Enter or N opens the next.
    if (open) focusFirstField();
    else if (wasOpen.current) button.current?.focus();
    wasOpen.current = open;
  }, [open]);

  return (
    <QuickAddContext.Provider value={{ close: () => setOpen(false) }}>
      {open ? (
        <div
          ref={box}
          // The whole row it sits in (beside the filters): a form no narrower than the panel.
          className="basis-full rounded border border-slate-300 bg-white p-3 shadow-sm"
          onKeyDown={(event) => {
            if (event.key === "Escape") setOpen(false);
          }}
        >
          {children}
        </div>
      ) : (
        <Button ref={button} onClick={() => setOpen(true)} aria-keyshortcuts="n">
          {label}
          <kbd className="ml-1 rounded bg-slate-700 px-1 text-[10px]">N</kbd>
        </Button>
      )}
    </QuickAddContext.Provider>
  );
}
