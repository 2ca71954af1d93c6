"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { restoreRevisionAction } from "@/lib/actions/history";
import type { RestorableKind } from "@/lib/entry-kinds/kinds";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { FormStatus, type SaveState } from "@/components/ui/form-status";

/**
 * "Restore this version" (or "Undelete"): asks why, then writes the old state back as a new
 * revision. If the entry changed since the page was loaded, nothing is written and the page
 * reloads with the latest state so the user can decide again.
 */
export function RestoreControl({
  storyId,
  entityType,
  entityId,
  seq,
  version,
  undelete = false,
}: {
  storyId: string;
  entityType: RestorableKind;
  entityId: string;
  seq: number;
  version: number;
  undelete?: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [pending, startTransition] = useTransition();
  const verb = undelete ? "Undelete" : "Restore";

  const submit = () =>
    startTransition(async () => {
      setError(undefined);
      setState({ kind: "saving" });
      const result = await restoreRevisionAction({ storyId, entityType, entityId, seq, version, reason });
      if (result.ok) {
        setState({ kind: "idle" });
        setOpen(false);
        setReason("");
        router.refresh();
        return;
      }
      setError(result.fieldErrors?.reason?.[0]);
      setState({ kind: "error", message: result.message });
      if (result.code === "CONFLICT") router.refresh();
    });

  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} aria-label={undelete ? "Undelete this entry" : `Restore this version (#${seq})`}>
        {undelete ? "Undelete…" : "Restore this version…"}
      </Button>
    );
  }
  return (
    <form
      className="flex w-full max-w-md flex-col gap-2 rounded border border-slate-200 bg-slate-50 p-2"
      aria-label={undelete ? "Undelete this entry" : `Restore version #${seq}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onKeyDown={(event) => event.key === "Escape" && setOpen(false)}
    >
      <TextAreaField
        label={undelete ? "Why undelete it?" : "Why restore this version?"}
        hint="Required; kept in the history."
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={error}
        autoFocus
        maxLength={500}
        className="min-h-0"
      />
      <div className="flex items-center gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? `${verb.replace(/e$/, "")}ing…` : verb}
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
