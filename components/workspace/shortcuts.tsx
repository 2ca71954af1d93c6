"use client";
import { useEffect, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { useRouter } from "next/navigation";
import { PANELS, type Panel } from "@/lib/entry-kinds/kinds";
import { SHORTCUTS, isTypingTarget, shortcutFor } from "@/lib/shortcuts";
import { Button } from "@/components/ui/button";

const READY = "storydesk:panel-ready";
const HOLD = "storydesk:hold-keys";
const RELEASE = "storydesk:release-keys";
/** How long keys wait for a panel before they are dropped (a failed navigation must not swallow the keyboard). */
const LOAD_LIMIT_MS = 10_000;

/** Rendered after a panel's content: tells the shortcuts that the panel is on screen, its forms listening. */
export function PanelReady({ panel }: { panel: Panel }) {
  useEffect(() => {
    window.dispatchEvent(new CustomEvent<Panel>(READY, { detail: panel }));
  }, [panel]);
  return null;
}

/**
 * A "New …" form opened and still loading (its code and its pickers' choices arrive when it is
 * opened, issue 16): the keys typed from now wait for it, as they wait for a panel. Dispatched
 * synchronously where the form opens, so that a queue being replayed ("2", "N", a name, Enter)
 * stops at once and keeps the rest for the form.
 */
export const holdKeys = () => window.dispatchEvent(new Event(HOLD));
/** The form is there, its first field focused (play: the held keys are typed into it), or it failed or was closed (dropped). */
export const releaseKeys = (play: boolean) => window.dispatchEvent(new CustomEvent<boolean>(RELEASE, { detail: play }));

/** A queued key, played into what has focus once the panel is there: text into a field, Enter submits it. */
function typeInto(element: HTMLElement, key: string) {
  if (element instanceof HTMLInputElement && key === "Enter") element.form?.requestSubmit();
  else if (element instanceof HTMLSelectElement) return;
  // execCommand is deprecated but still the one way to insert text as the user would (input events, undo).
  else if (key === "Backspace") document.execCommand("delete");
  else document.execCommand("insertText", false, key === "Enter" ? "\n" : key);
}

/**
 * Keyboard shortcuts of the story workspace (bound from lib/shortcuts.ts), and the help dialog
 * listing that table. Switching panels takes a round trip; until the new panel says it is ready,
 * keys are queued — a shortcut then acts on the panel that is shown, and what is typed after N
 * lands in its form — instead of firing on the old panel or being typed into the page.
 */
export function WorkspaceShortcuts({ storyId, active }: { storyId: string; active: Panel }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  // The help's table is made when first asked for, not sent in every story page (issue 16).
  const [helpMade, setHelpMade] = useState(false);
  const shown = useRef<Panel>(active);
  // What the keys wait for: a panel, or (null) the "New …" form that is loading.
  const loading = useRef<{ panel: Panel | null; queue: string[]; timer: number } | null>(null);

  useEffect(() => {
    /** Keys wait from now until `panel` (null: the form) is ready; `navigate` false when a clicked link navigates itself. */
    const startLoading = (panel: Panel | null, navigate = true) => {
      if (loading.current) window.clearTimeout(loading.current.timer);
      const timer = window.setTimeout(() => (loading.current = null), LOAD_LIMIT_MS);
      loading.current = { panel, queue: [], timer };
      if (navigate && panel) router.push(panel === "overview" ? `/stories/${storyId}` : `/stories/${storyId}?tab=${panel}`);
    };
    /** What waited is there: the queued keys play in the next task (see onReady), or are dropped. */
    const finishLoading = (pending: NonNullable<typeof loading.current>, play: boolean) => {
      window.clearTimeout(pending.timer);
      if (!play) {
        loading.current = null;
        return;
      }
      window.setTimeout(() => {
        if (loading.current === pending) loading.current = null;
        replay(pending.queue);
      }, 0);
    };
    /** Runs the shortcut of `key`; false when it is none. */
    const perform = (key: string): boolean => {
      const shortcut = shortcutFor(key, ["panel", "new-entry", "search", "help"]);
      if (!shortcut) return false;
      if (shortcut.action === "panel") {
        const panel = PANELS[Number(key) - 1]!;
        if (panel !== shown.current) startLoading(panel);
      } else if (shortcut.action === "new-entry") window.dispatchEvent(new Event("storydesk:new-entry"));
      else if (shortcut.action === "search") window.dispatchEvent(new Event("storydesk:focus-search"));
      else {
        flushSync(() => setHelpMade(true));
        dialog.current?.showModal();
      }
      return true;
    };
    const replay = (keys: string[]) => {
      for (const [index, key] of keys.entries()) {
        if (loading.current) {
          // A queued digit started another panel: the rest waits for that one.
          loading.current.queue.push(...keys.slice(index));
          return;
        }
        const focused = document.activeElement as HTMLElement | null;
        if (focused && isTypingTarget(focused)) typeInto(focused, key);
        else perform(key);
      }
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (loading.current) {
        if (event.key.length === 1 || event.key === "Enter" || event.key === "Backspace") {
          event.preventDefault();
          loading.current.queue.push(event.key);
        }
        return;
      }
      if (isTypingTarget(event.target)) return;
      if (perform(event.key)) event.preventDefault();
    };
    // A tab clicked (rather than its digit typed) switches panels the same way: what is typed next
    // waits for the panel it opens.
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('nav[aria-label="Story panels"] a[href]') : null;
      if (!link) return;
      const url = new URL(link.href);
      const tab = url.searchParams.get("tab");
      const panel = tab === null ? "overview" : PANELS.find((candidate) => candidate === tab);
      if (url.origin !== window.location.origin || !panel || panel === shown.current) return;
      startLoading(panel, false);
    };
    const onReady = (event: Event) => {
      const panel = (event as CustomEvent<Panel>).detail;
      shown.current = panel;
      const pending = loading.current;
      if (!pending || pending.panel !== panel) return;
      // This runs inside the panel's commit (PanelReady's effect), where React cannot render the
      // form N opens at once (flushSync): replay in the next task. Keys arriving until then
      // join the same queue, in order.
      finishLoading(pending, true);
    };
    // A panel still loading keeps its own queue: the form it opens then holds the rest.
    const onHold = () => {
      if (!loading.current) startLoading(null);
    };
    const onRelease = (event: Event) => {
      const pending = loading.current;
      if (pending && pending.panel === null) finishLoading(pending, (event as CustomEvent<boolean>).detail);
    };
    window.addEventListener("keydown", onKey);
    // Keys typed before the page was interactive (early-keys.tsx) play once every panel's
    // listeners are there too (the next task, after this commit's effects).
    const early = (window as { __storydeskEarlyKeys?: () => string[] }).__storydeskEarlyKeys?.() ?? [];
    const playEarly = early.length ? window.setTimeout(() => replay(early), 0) : null;
    document.addEventListener("click", onClick, true);
    window.addEventListener(READY, onReady);
    window.addEventListener(HOLD, onHold);
    window.addEventListener(RELEASE, onRelease);
    return () => {
      if (playEarly !== null) window.clearTimeout(playEarly);
      window.removeEventListener(HOLD, onHold);
      window.removeEventListener(RELEASE, onRelease);
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick, true);
      window.removeEventListener(READY, onReady);
    };
  }, [router, storyId]);

  return (
    <>
      <Button
        variant="ghost"
        aria-keyshortcuts="?"
        onClick={() => {
          flushSync(() => setHelpMade(true));
          dialog.current?.showModal();
        }}
      >
        Shortcuts <kbd className="rounded bg-slate-200 px-1 text-[10px]">?</kbd>
      </Button>
      <dialog ref={dialog} aria-labelledby="shortcuts-title" className="m-auto rounded-lg p-0 shadow-xl backdrop:bg-slate-900/30">
        {helpMade ? (
          <div className="w-[min(30rem,calc(100vw-2rem))] p-4">
            <h2 id="shortcuts-title" className="mb-2 font-semibold">
              Keyboard shortcuts
            </h2>
            <dl className="grid grid-cols-[7.5rem_1fr] gap-y-1 text-sm">
              {SHORTCUTS.map((shortcut) => (
                <div key={shortcut.keys} className="contents">
                  <dt>
                    <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 text-xs">{shortcut.keys}</kbd>
                  </dt>
                  <dd className="text-slate-700">
                    {shortcut.what}
                    {shortcut.where ? <span className="text-slate-500"> ({shortcut.where})</span> : null}
                  </dd>
                </div>
              ))}
            </dl>
            <form method="dialog" className="mt-3 text-right">
              <Button type="submit" variant="secondary">
                Close
              </Button>
            </form>
          </div>
        ) : null}
      </dialog>
    </>
  );
}
