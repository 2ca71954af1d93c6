"use client";
import { useState, useTransition } from "react";
import { deleteEntryAction, restoreEntryAction } from "@/lib/actions/entries";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { Button } from "@/components/ui/button";

/** Soft delete (restorable) and restore of one entry, with its version. */
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
  const run = () =>
    startTransition(async () => {
      setError(null);
      const action = deleted ? restoreEntryAction : deleteEntryAction;
      const result = await action({ storyId, kind, entryId, version });
      if (!result.ok) setError(result.message);
    });
  return (
    <span className="flex flex-col items-end gap-1">
      <Button variant={deleted ? "secondary" : "ghost"} disabled={pending} aria-label={`${deleted ? "Restore" : "Delete"} ${label}`} onClick={run}>
        {pending ? (deleted ? "Restoring…" : "Deleting…") : deleted ? "Restore" : "Delete"}
      </Button>
      {error ? (
        <span role="alert" className="max-w-56 text-right text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
