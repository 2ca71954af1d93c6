"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export type EntryConflict<L extends { version: number }> = {
  /** The version the next save starts from. */
  version: number;
  /** The latest saved state, while a refused save waits for the user's choice. */
  latest: L | null;
  onConflict: (latest: unknown) => void;
  resolve: () => void;
};

/** A form's view of stale-edit conflicts: which version it edits, and the latest when refused. */
export function useEntryConflict<L extends { version: number }>(initialVersion: number): EntryConflict<L> {
  const [version, setVersion] = useState(initialVersion);
  const [latest, setLatest] = useState<L | null>(null);
  return {
    version,
    latest,
    onConflict: (value) => setLatest(value as L),
    resolve: () => {
      if (latest) setVersion(latest.version);
      setLatest(null);
    },
  };
}

/**
 * Shown when an edit was refused because someone saved first: the latest saved values beside
 * the form, which still holds what the user typed. Nothing is overwritten silently: the user
 * keeps their edit (saving it on top of the latest) or takes the latest.
 */
export function ConflictNotice<L extends { version: number }>({
  conflict,
  fields,
  onTakeTheirs,
  onResolved,
}: {
  conflict: EntryConflict<L>;
  fields: (latest: L) => ReadonlyArray<[string, string]>;
  onTakeTheirs: (latest: L) => void;
  onResolved: () => void;
}) {
  const latest = conflict.latest;
  if (!latest) return null;
  return (
    <div role="region" aria-label="Latest version" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-medium">Latest saved version (version {latest.version})</p>
      <dl className="mt-1 grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5">
        {fields(latest).map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium">{label}</dt>
            <dd className="whitespace-pre-wrap break-words">{value || "—"}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-2 flex gap-2">
        <Button
          variant="secondary"
          onClick={() => {
            conflict.resolve();
            onResolved();
          }}
        >
          Keep my edit and save again
        </Button>
        <Button
          variant="ghost"
          onClick={() => {
            onTakeTheirs(latest);
            conflict.resolve();
            onResolved();
          }}
        >
          Discard my edit
        </Button>
      </div>
    </div>
  );
}
