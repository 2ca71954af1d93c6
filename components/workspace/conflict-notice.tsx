"use client";
import { Button } from "@/components/ui/button";

/**
 * Shown when an edit was refused because someone saved first: the latest saved values beside
 * the form, which still holds what the user typed. Nothing is overwritten silently.
 */
export function ConflictNotice({
  version,
  fields,
  onKeepMine,
  onTakeTheirs,
}: {
  version: number;
  fields: ReadonlyArray<[string, string]>;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  return (
    <div role="region" aria-label="Latest version" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-medium">Latest saved version (version {version})</p>
      <dl className="mt-1 grid grid-cols-[8rem_1fr] gap-x-2 gap-y-0.5">
        {fields.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-medium">{label}</dt>
            <dd className="whitespace-pre-wrap break-words">{value || "—"}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-2 flex gap-2">
        <Button variant="secondary" onClick={onKeepMine}>
          Keep my edit and save again
        </Button>
        <Button variant="ghost" onClick={onTakeTheirs}>
          Discard my edit
        </Button>
      </div>
    </div>
  );
}
