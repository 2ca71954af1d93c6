"use client";
import Link from "next/link";
import { useEffect, useRef, type ReactNode } from "react";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { Button } from "@/components/ui/button";
import { EntryControls } from "./entry-controls";

type EntryMenuProps = {
  storyId: string;
  kind: EntryKind;
  id: string;
  version: number;
  label: string;
  deleted: boolean;
  /** Edit (the kind has a form and this user may change the entry). */
  onEdit?: () => void;
  /** Delete / restore. */
  editable: boolean;
  /** "Assign follow-up": the Follow-ups panel, prefilled with a link to the entry. */
  assign: boolean;
  /** The kind's own items (a source's protection steps, its contact), after the common ones. */
  more?: ReactNode;
};

/** The id of an entry's actions menu, which its "⋯" button names (popoverTarget). */
export const menuIdOf = (id: string) => `menu-${id}`;

/**
 * An entry's "⋯" button. Its menu is not in the page: the list makes it for the entry whose
 * button was pressed (`onOpen`; EntryRows keeps which), one at a time — a panel of 50 carried 50
 * popovers with their ids and state (issue 16, rows28). The button names the menu, so once made
 * the browser opens and closes it as a native popover with this button as its invoker: its anchor
 * (app/globals.css, .entry-actions) and where focus goes back when it closes.
 */
export function EntryMenuButton({ id, label, onOpen }: { id: string; label: string; onOpen: (id: string) => void }) {
  return (
    <button type="button" popoverTarget={menuIdOf(id)} aria-label={`Actions on ${label}`} className="entry-menu-button" onClick={() => onOpen(id)}>
      ⋯
    </button>
  );
}

/**
 * One entry's actions menu, made when its "⋯" is first pressed: History, Edit, Delete or Restore
 * and "Assign follow-up". A native popover: Enter or Space on the button opens it, Tab walks its
 * items, Esc or a click outside closes it and focus goes back to the button. On a phone it is a
 * sheet at the bottom of the screen; from sm up it drops down under the button (app/globals.css,
 * .entry-actions). Once made, its items stay made (hidden when closed) until another entry's menu
 * is: the delete dialog they open outlives the menu.
 */
export function EntryMenu({ storyId, kind, id, version, label, deleted, onEdit, editable, assign, more }: EntryMenuProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Made by the press of its button: React renders it within that click, so the button's own
    // popoverTarget opens it once the click is dispatched. Should that press have found no menu
    // yet, open it here — after the click, or its popoverTarget would close it again.
    const frame = requestAnimationFrame(() => {
      const menu = ref.current;
      if (!menu || menu.matches(":popover-open")) return;
      const button = document.querySelector<HTMLElement>(`[popovertarget="${CSS.escape(menu.id)}"]`);
      (menu.showPopover as (options?: { source?: HTMLElement | null }) => void).call(menu, { source: button });
    });
    return () => cancelAnimationFrame(frame);
  }, []);
  return (
    <div
      ref={ref}
      id={menuIdOf(id)}
      popover="auto"
      role="group"
      aria-label={`Actions on ${label}`}
      className="entry-actions"
      onToggle={(event) => {
        if (event.newState !== "open") return;
        const menu = event.currentTarget;
        // The keyboard's path: the first item takes focus as the menu opens.
        requestAnimationFrame(() => menu.querySelector<HTMLElement>("a, button")?.focus());
      }}
    >
      <Link href={`/stories/${storyId}/history/${kind}/${id}`} prefetch={false} aria-label={`History of ${label}`} className="entry-history-link">
        History
      </Link>
      {onEdit && !deleted ? (
        <Button
          variant="ghost"
          aria-label={`Edit ${label}`}
          onClick={(event) => {
            event.currentTarget.closest<HTMLElement>("[popover]")?.hidePopover();
            onEdit();
          }}
        >
          Edit
        </Button>
      ) : null}
      {assign ? (
        <Link href={`/stories/${storyId}?tab=follow-ups&link=${kind}:${id}`} prefetch={false} aria-label={`Assign follow-up on ${label}`} className="entry-history-link">
          Assign follow-up
        </Link>
      ) : null}
      {editable ? <EntryControls storyId={storyId} kind={kind} entryId={id} version={version} deleted={deleted} label={label} /> : null}
      {more}
    </div>
  );
}
