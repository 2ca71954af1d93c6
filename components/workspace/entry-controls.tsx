"use client";
import { useId, useRef, useState, useTransition } from "react";
import { createPortal } from "react-dom";
import { deleteEntryAction, restoreEntryAction } from "@/lib/actions/entries";
import { KINDS, type EntryKind } from "@/lib/entry-kinds/kinds";
import { announce } from "@/components/ui/announcer";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

/**
 * Soft delete (restorable) and restore of one entry, with its version. Delete asks first, in a
 * dialog with an optional reason (kept in the history, as a restore's is); the result is
 * announced, and focus goes to the panel, since the entry leaves the list.
 */
export function EntryControls({
  storyId,
  kind,
  entryId,
  version,
  deleted,
  label,
}: {
  storyId: string;
  kind: EntryKind;
  entryId: string;
  version: number;
  deleted: boolean;
  label: string;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const dialog = useRef<HTMLDialogElement | null>(null);
  const root = useRef<HTMLSpanElement>(null);
  // The entry's actions menu this sits in: closed while its dialog asks, and its button takes focus back after.
  const menu = () => root.current?.closest<HTMLElement>("[popover]") ?? null;
  const menuButton = () => {
    const id = menu()?.id;
    return id ? document.querySelector<HTMLElement>(`[popovertarget="${CSS.escape(id)}"]`) : null;
  };
  const ask = () => {
    menu()?.hidePopover();
    setConfirming(true);
  };
  const titleId = useId();
  const run = () =>
    startTransition(async () => {
      setError(null);
      const action = deleted ? restoreEntryAction : deleteEntryAction;
      const result = await action({ storyId, kind, entryId, version, reason });
      dialog.current?.close();
      if (!result.ok) {
        setError(result.message);
        // The error is said beside the button, in the entry's actions menu, which the dialog closed: open it again.
        const shown = menu();
        if (shown && !shown.matches(":popover-open")) shown.showPopover();
        return;
      }
      announce(`${deleted ? "Restored" : "Deleted"} ${label}.`);
      document.getElementById(`entry-${entryId}`)?.closest("section")?.querySelector<HTMLElement>("[data-panel-focus]")?.focus();
    });
  const deleteDialog = (
    <dialog
      ref={(node) => {
        dialog.current = node;
        if (node && !node.open) node.showModal();
      }}
      onClose={() => {
        setConfirming(false);
        // Cancelled: focus would be lost with the hidden menu's Delete; deleted, it is on the panel already.
        if (!document.activeElement || document.activeElement === document.body) menuButton()?.focus();
      }}
      aria-labelledby={titleId}
      className="m-auto w-[min(26rem,calc(100vw-2rem))] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/30"
    >
      <form
        className="flex flex-col gap-3 p-4"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <h2 id={titleId} className="font-semibold">
          Delete this {KINDS[kind].noun}?
        </h2>
        <p className="text-sm text-slate-700">
          <bdi className="font-medium">{label}</bdi> leaves the panel but keeps its history; anyone who may write can restore it.
        </p>
        <TextField label="Reason (optional)" hint="Kept in the history with the deletion." value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? "Deleting…" : "Delete"}
          </Button>
        </div>
      </form>
    </dialog>
  );
  return (
    <span ref={root} className="flex flex-col gap-1">
      <Button
        variant={deleted ? "secondary" : "ghost"}
        disabled={pending}
        aria-label={`${deleted ? "Restore" : "Delete"} ${label}`}
        onClick={deleted ? run : ask}
      >
        {pending ? (deleted ? "Restoring…" : "Deleting…") : deleted ? "Restore" : "Delete"}
      </Button>
      {error ? (
        <span role="alert" className="max-w-56 text-xs text-red-700">
          {error}
        </span>
      ) : null}
      {/* Made when asked for (nothing per entry in the page), in the body: outside the entry's
          actions, which on a phone are a sheet that closes when the dialog opens. */}
      {confirming ? createPortal(deleteDialog, document.body) : null}
    </span>
  );
}
