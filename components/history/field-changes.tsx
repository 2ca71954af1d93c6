import type { FieldChange } from "@/lib/server/history/diff";

/** Differences field by field: words struck and inserted, values before → after, links added and removed. */
export function FieldChanges({ changes, created = false }: { changes: FieldChange[]; created?: boolean }) {
  if (changes.length === 0) return null;
  return (
    <dl className="mt-1 grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
      {changes.map((change) => (
        <div key={change.key} className="contents">
          <dt className="text-xs font-medium text-slate-500">{change.label}</dt>
          <dd className="min-w-0 whitespace-pre-wrap break-words text-slate-800" dir="auto">
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
      if (created) return <>{change.parts.map((part) => part.text).join("")}</>;
      return (
        <>
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
        </>
      );
    case "value":
      if (created || change.before === null) return <>{change.after ?? "—"}</>;
      return (
        <>
          <del className="text-red-800">{change.before}</del> <span aria-hidden="true">→</span>
          <span className="sr-only">changed to</span> <ins className="text-emerald-900 no-underline">{change.after ?? "(none)"}</ins>
        </>
      );
    case "list":
      return (
        <ul className="flex flex-col">
          {change.added.map((item) => (
            <li key={`+${item}`} className="text-emerald-900">
              <span aria-label="added">+ </span>
              {item}
            </li>
          ))}
          {change.removed.map((item) => (
            <li key={`-${item}`} className="text-red-800 line-through">
              <span aria-label="removed">− </span>
              {item}
            </li>
          ))}
        </ul>
      );
    case "note":
      return <span className="italic text-slate-600">{change.text}</span>;
  }
}
