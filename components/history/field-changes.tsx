import type { FieldChange } from "@/lib/server/history/diff";

/**
 * Differences field by field: words struck and inserted, values before → after, links added and
 * removed. The cell stays left to right, aligned to its start beside the field's name; each value
 * in it is isolated with its own direction (<bdi>), so a Hebrew or Arabic value reads right to
 * left as a value in its cell instead of drifting to the far end of the row.
 */
export function FieldChanges({ changes, created = false }: { changes: FieldChange[]; created?: boolean }) {
  if (changes.length === 0) return null;
  return (
    <dl className="mt-1 grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
      {changes.map((change) => (
        <div key={change.key} className="contents">
          <dt className="text-xs font-medium text-slate-500">{change.label}</dt>
          <dd className="min-w-0 whitespace-pre-wrap break-words text-start text-slate-800">
            <ChangeBody change={change} created={created} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ChangeBody({ change, created }: { change: FieldChange; created: boolean }) {
  switch (change.kind) {
    case "words":
      if (created) return <bdi>{change.parts.map((part) => part.text).join("")}</bdi>;
      return (
        <bdi>
          {change.parts.map((part, index) =>
            part.change === "added" ? (
              <ins key={index} className="rounded-sm bg-emerald-100 text-emerald-900 no-underline" title="added">
                {part.text}
              </ins>
            ) : part.change === "removed" ? (
              <del key={index} className="rounded-sm bg-red-100 text-red-800" title="removed">
                {part.text}
              </del>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </bdi>
      );
    case "value":
      if (created || change.before === null) return <bdi>{change.after ?? "—"}</bdi>;
      return (
        <>
          <del className="text-red-800">
            <bdi>{change.before}</bdi>
          </del> <span aria-hidden="true">→</span>
          <span className="sr-only">changed to</span> <ins className="text-emerald-900 no-underline">
            <bdi>{change.after ?? "(none)"}</bdi>
          </ins>
        </>
      );
    case "list":
      return (
        <ul className="flex flex-col">
          {change.added.map((item) => (
            <li key={`+${item}`} className="text-emerald-900">
              <span aria-label="added">+ </span>
              <bdi>{item}</bdi>
            </li>
          ))}
          {change.removed.map((item) => (
            <li key={`-${item}`} className="text-red-800 line-through">
              <span aria-label="removed">− </span>
              <bdi>{item}</bdi>
            </li>
          ))}
        </ul>
      );
    case "note":
      return <span className="italic text-slate-600">{change.text}</span>;
  }
}
