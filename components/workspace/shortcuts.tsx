"use client";
import { useEffect, useRef } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";

const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ["1 – 5", "Switch panel: Overview, Sources, Quotes, Questions, Timeline"],
  ["N", "New entry in this panel"],
  ["/", "Search this panel"],
  ["Esc", "Close the form you are in"],
  ["Ctrl/⌘ + B, I", "Bold, italic in rich text"],
  ["?", "Show this help"],
];

function typing(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return Boolean(element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName)));
}

/** Keyboard shortcuts of the story workspace, and the help dialog that lists them. */
export function WorkspaceShortcuts({ storyId, panels }: { storyId: string; panels: ReadonlyArray<string> }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) return;
      const index = Number.parseInt(event.key, 10);
      if (index >= 1 && index <= panels.length) {
        const panel = panels[index - 1]!;
        router.push(panel === "overview" ? `/stories/${storyId}` : `/stories/${storyId}?tab=${panel}`);
      } else if (event.key === "n" || event.key === "N") {
        window.dispatchEvent(new Event("storydesk:new-entry"));
      } else if (event.key === "/") {
        window.dispatchEvent(new Event("storydesk:focus-search"));
      } else if (event.key === "?") {
        dialog.current?.showModal();
      } else {
        return;
      }
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, storyId, panels]);

  return (
    <>
      <Button variant="ghost" aria-keyshortcuts="?" onClick={() => dialog.current?.showModal()}>
        Shortcuts <kbd className="rounded bg-slate-200 px-1 text-[10px]">?</kbd>
      </Button>
      <dialog ref={dialog} aria-labelledby="shortcuts-title" className="m-auto rounded-lg p-0 shadow-xl backdrop:bg-slate-900/30">
        <div className="w-96 p-4">
          <h2 id="shortcuts-title" className="mb-2 font-semibold">
            Keyboard shortcuts
          </h2>
          <dl className="grid grid-cols-[7rem_1fr] gap-y-1 text-sm">
            {SHORTCUTS.map(([keys, what]) => (
              <div key={keys} className="contents">
                <dt>
                  <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 text-xs">{keys}</kbd>
                </dt>
                <dd className="text-slate-700">{what}</dd>
              </div>
            ))}
          </dl>
          <form method="dialog" className="mt-3 text-right">
            <Button type="submit" variant="secondary">
              Close
            </Button>
          </form>
        </div>
      </dialog>
    </>
  );
}
