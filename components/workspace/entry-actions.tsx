"use client";
import Link from "next/link";
import { useId, useState, type ReactNode, type Ref } from "react";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { Button } from "@/components/ui/button";
import { EntryControls } from "./entry-controls";

type EntryActionsProps = {
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
  buttonRef?: Ref<HTMLButtonElement>;
  /** The kind's own items (a source's protection steps, its contact), after the common ones. */
  more?: ReactNode;
};

/**
 * One "⋯" button per entry: History, Edit, Delete or Restore and "Assign follow-up" are made
 * in the browser from the entry's ids when the menu is first opened, not sent in the page for
 * every entry (a panel of 50 carried 50 of each: issue 16). A native popover: Enter or Space on
 * the button opens it, Tab walks its items, Esc or a click outside closes it and focus goes back
 * to the button. On a phone it is a sheet at the bottom of the screen; from sm up it drops down
 * under the button (app/globals.css, .entry-actions).
 */
export function EntryActions({ storyId, kind, id, version, label, deleted, onEdit, editable, assign, buttonRef, more }: EntryActionsProps) {
  const menuId = useId();
  // Once opened, its items stay made (hidden when closed): the delete dialog they open outlives the menu.
  const [made, setMade] = useState(false);
  // The button and its menu sit in the entry's row as they are: a closed popover is not laid out, an open one is in the top layer.
  return (
    <>
      <button ref={buttonRef} type="button" popoverTarget={menuId} aria-label={`Actions on ${label}`} className="entry-menu-button">
        ⋯
      </button>
      <div
        id={menuId}
        popover="auto"
        role="group"
        aria-label={made ? `Actions on ${label}` : undefined}
        className="entry-actions"
        onToggle={(event) => {
          if (event.newState !== "open") return;
          const menu = event.currentTarget;
          setMade(true);
          // The keyboard's path: the first item takes focus as the menu opens (once it is made).
          requestAnimationFrame(() => menu.querySelector<HTMLElement>("a, button")?.focus());
        }}
      >
        {made ? (
          <>
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
          </>
        ) : null}
      </div>
    </>
  );
}
