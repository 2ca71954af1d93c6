"use client";
import { useState, useTransition } from "react";
import { revealContactAction } from "@/lib/actions/sources";
import { Button } from "@/components/ui/button";

/** Contact details are fetched only on request, and every request is recorded. An item of the source's "⋯" menu. */
export function RevealContact({ storyId, sourceId, name }: { storyId: string; sourceId: string; name: string }) {
  const [pending, startTransition] = useTransition();
  const [contact, setContact] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (contact !== null) {
    return (
      <p className="mt-1 whitespace-pre-wrap rounded bg-amber-50 px-2 py-1 text-xs text-amber-950" aria-label={`Contact details of ${name}`}>
        {contact || "No contact details stored."}
        <button type="button" className="ml-2 text-amber-800 underline" onClick={() => setContact(null)}>
          Hide
        </button>
      </p>
    );
  }
  return (
    <span className="flex flex-col gap-1">
      <Button
        variant="ghost"
        disabled={pending}
        title="Your view is recorded in the story's audit log"
        onClick={() =>
          startTransition(async () => {
            const result = await revealContactAction({ storyId, sourceId });
            if (result.ok) setContact(result.data ?? "");
            else setError(result.message);
          })
        }
      >
        Show contact
      </Button>
      {error ? <span role="alert" className="text-xs text-red-700">{error}</span> : null}
    </span>
  );
}
