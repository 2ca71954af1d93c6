"use client";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { flushSync } from "react-dom";
import { Button } from "@/components/ui/button";
import { holdKeys, releaseKeys } from "./shortcuts";

type QuickAddApi = {
  close: () => void;
  /** The form is on screen (true: focus its first field and type what was held into it) or could not load (false). */
  loaded: (ok: boolean) => void;
};
const QuickAddContext = createContext<QuickAddApi>({ close: () => {}, loaded: () => {} });
export const useQuickAdd = () => useContext(QuickAddContext);

/**
 * The panel's "New …" form, opened with its button or the N key; the first field gets focus
 * so an entry can be logged in a few keystrokes. The form itself loads when opened
 * (LazyNewForm): until it says it is there, the keys typed wait in the shortcuts' queue, then
 * land in its first field.
 */
export function QuickAdd({ label, defaultOpen = false, children }: { label: string; defaultOpen?: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(defaultOpen);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(defaultOpen);
  const holding = useRef(false);

  const focusFirstField = () => box.current?.querySelector<HTMLElement>("input:not([type=hidden]), textarea, select, [contenteditable=true]")?.focus();
  const release = (play: boolean) => {
    if (!holding.current) return;
    holding.current = false;
    releaseKeys(play);
  };
  const openForm = () => {
    // Opened by the user: what they type next waits for the form (held until it has loaded).
    if (!holding.current) {
      holding.current = true;
      holdKeys();
    }
    setOpen(true);
  };
  useEffect(() => {
    // The N key arrives through a window listener, outside React's own events: open
    // synchronously, so that the keys typed next are held for the form, not typed into the page.
    const onNew = () => flushSync(openForm);
    window.addEventListener("storydesk:new-entry", onNew);
    return () => window.removeEventListener("storydesk:new-entry", onNew);
  }, []);
  useEffect(() => {
    // Opened: the box until its form is there (Esc closes it). Closed (added, cancelled, Esc):
    // back to the button, where Enter or N opens the next; keys held for a form that never came are dropped.
    if (open) box.current?.focus();
    else {
      release(false);
      if (wasOpen.current) button.current?.focus();
    }
    wasOpen.current = open;
  }, [open]);
  useEffect(() => () => release(false), []);
  // One object for the form's life: LazyNewForm's effects depend on `loaded`.
  const [api] = useState<QuickAddApi>(() => ({
    close: () => setOpen(false),
    loaded: (ok) => {
      if (ok) focusFirstField();
      release(ok);
    },
  }));

  return (
    <QuickAddContext.Provider value={api}>
      {open ? (
        <div
          ref={box}
          tabIndex={-1}
          // The whole row it sits in (beside the filters): a form no narrower than the panel.
          className="basis-full rounded border border-slate-300 bg-white p-3 shadow-sm outline-none"
          onKeyDown={(event) => {
            if (event.key === "Escape") setOpen(false);
          }}
        >
          {children}
        </div>
      ) : (
        <Button ref={button} onClick={openForm} aria-keyshortcuts="n">
          {label}
          <kbd className="ml-1 rounded bg-slate-700 px-1 text-[10px]">N</kbd>
        </Button>
      )}
    </QuickAddContext.Provider>
  );
}
