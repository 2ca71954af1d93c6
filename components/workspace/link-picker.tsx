"use client";
import { useId } from "react";
import { FieldError } from "@/components/ui/field";

export type LinkOption = { id: string; label: string };

/** Links to other entries: the chosen ones as removable chips, and a list to add more. */
export function LinkPicker({
  label,
  options,
  value,
  onChange,
  error,
}: {
  label: string;
  options: ReadonlyArray<LinkOption>;
  value: ReadonlyArray<string>;
  onChange: (value: string[]) => void;
  error?: string;
}) {
  const id = useId();
  const byId = new Map(options.map((option) => [option.id, option.label]));
  const available = options.filter((option) => !value.includes(option.id));
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      {value.length > 0 ? (
        <ul aria-label={`${label}: linked`} className="flex flex-wrap gap-1">
          {value.map((linked) => (
            <li key={linked} className="flex items-center gap-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">
              <span className="max-w-72 truncate">{byId.get(linked) ?? "An entry you cannot see"}</span>
              <button type="button" aria-label={`Unlink ${byId.get(linked) ?? "entry"}`} className="rounded px-1 text-slate-500 hover:bg-slate-200" onClick={() => onChange(value.filter((v) => v !== linked))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <select
        id={id}
        value=""
        aria-invalid={Boolean(error)}
        className="h-8 w-full min-w-0 rounded border border-slate-300 bg-white px-1 text-sm"
        onChange={(event) => event.target.value && onChange([...value, event.target.value])}
      >
        <option value="">{available.length ? "Add a link…" : "Nothing more to link"}</option>
        {available.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError error={error} />
    </div>
  );
}
