"use client";
import { Button } from "./button";
import { FormStatus, type SaveState } from "./form-status";

/** Save and cancel for an entry form, with its visible save state. */
export function FormFooter({ state, submitLabel, onCancel }: { state: SaveState; submitLabel: string; onCancel?: () => void }) {
  return (
    <div className="flex items-center gap-2">
      <Button type="submit" disabled={state.kind === "saving"}>
        {submitLabel}
      </Button>
      {onCancel ? (
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      ) : null}
      <FormStatus state={state} />
    </div>
  );
}
