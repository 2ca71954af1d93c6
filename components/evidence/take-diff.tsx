import type { WordChange } from "@/lib/evidence/diff";

/** What changed from the take this one replaces, word by word (lib/evidence diffTakes). */
export function TakeDiff({ changes }: { changes: WordChange[] }) {
  const added = changes.filter((change) => change.op === "added").length;
  const removed = changes.filter((change) => change.op === "removed").length;
  return (
    <details className="rounded border border-slate-200 bg-white p-2 text-sm" open={added + removed > 0 && added + removed < 200}>
      <summary className="cursor-pointer font-medium">
        Changes from the previous take ({added} added, {removed} removed)
      </summary>
      <p className="mt-2 whitespace-pre-wrap leading-6" dir="auto">
        {changes.map((change, index) =>
          change.op === "added" ? (
            <ins key={index} className="bg-emerald-100 no-underline">
              {change.text}
            </ins>
          ) : change.op === "removed" ? (
            <del key={index} className="bg-red-100">
              {change.text}
            </del>
          ) : (
            <span key={index}>{change.text}</span>
          ),
        )}
      </p>
    </details>
  );
}
