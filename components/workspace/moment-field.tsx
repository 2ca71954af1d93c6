"use client";
import { useId, useState } from "react";
import { FieldError } from "@/components/ui/field";

/** A stored moment as the form's string: "YYYY-MM-DD" for a day, an ISO date-time for a minute. */
export function momentToFormValue(at: Date | string | null, precision: "day" | "minute"): string {
  if (!at) return "";
  const iso = new Date(at).toISOString();
  return precision === "day" ? iso.slice(0, 10) : iso;
}

function split(value: string): { date: string; time: string } {
  if (!value) return { date: "", time: "" };
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: value, time: "" };
  const local = new Date(value);
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    date: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`,
    time: `${pad(local.getHours())}:${pad(local.getMinutes())}`,
  };
}

/**
 * A date, and a time if known (in the user's time zone; sent as UTC). Leaving the time empty
 * records the moment to the day.
 */
export function MomentField({
  label,
  value,
  onChange,
  error,
  required,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  required?: boolean;
}) {
  const id = useId();
  const [parts, setParts] = useState(() => split(value));
  const emit = (next: { date: string; time: string }) => {
    setParts(next);
    if (!next.date) onChange("");
    else if (!next.time) onChange(next.date);
    else onChange(new Date(`${next.date}T${next.time}`).toISOString());
  };
  const control = "h-8 min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 text-sm aria-[invalid=true]:border-red-500";
  return (
    <fieldset className="flex flex-col gap-1" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-xs font-medium text-slate-700">{label}</legend>
      <div className="flex gap-2">
        <input type="date" aria-label={`${label}: date`} required={required} value={parts.date} aria-invalid={Boolean(error)} className={control} onChange={(event) => emit({ ...parts, date: event.target.value })} />
        <input type="time" aria-label={`${label}: time (optional)`} value={parts.time} className={control} onChange={(event) => emit({ ...parts, time: event.target.value })} />
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
