"use client";
import { useState, type ReactNode } from "react";
import { KINDS, type TrackedKind } from "@/lib/entry-kinds/kinds";
import type { LiveEntry } from "./use-live-entry";
import { Button } from "@/components/ui/button";

const VERBS: Record<string, string> = { create: "Added", update: "Changed", delete: "Deleted", restore: "Restored" };

/** "Changed by Lina Haddad just now", beside an entry someone else just changed (it is highlighted too). */
export function LiveChangeMark({ change }: { change: LiveEntry["changed"] }) {
  if (!change) return null;
  return (
    <p className="mt-1 text-xs text-amber-800">
      {VERBS[change.action] ?? "Changed"} by {change.actor.name} just now
    </p>
  );
}

/**
 * In an open edit form whose entry someone else saved (or deleted) meanwhile: the form keeps
 * what the user typed; they are told, and can see the latest version beside it. Saving still
 * goes through the version check (the conflict notice then shows both versions side by side).
 */
export function ChangedWhileEditing({ kind, change, latest }: { kind: TrackedKind; change: LiveEntry["whileEditing"]; latest: ReactNode }) {
  const [open, setOpen] = useState(false);
  const noun = KINDS[kind].noun;
  const who = change?.actor.name ?? "Someone";
  const deleted = change?.action === "delete";
  return (
    <div role="status" className="mb-2 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p>
          {deleted
            ? `${who} deleted this ${noun} while you were editing it. Your text is still here; copy what you need, then close the form.`
            : `${who} changed this ${noun} while you were editing it. Your edit is still here.`}
        </p>
        {deleted ? null : (
          <Button variant="ghost" className="h-7 px-2 text-xs" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? "Hide their version" : "Show their version"}
          </Button>
        )}
      </div>
      {open && !deleted ? (
        <section aria-label={`Latest saved ${noun}`} className="mt-2 rounded border border-amber-200 bg-white p-2">
          {latest}
        </section>
      ) : null}
    </div>
  );
}
