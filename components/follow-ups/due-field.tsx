"use client";
import { useId, useState } from "react";
import { FieldError } from "@/components/ui/field";

const pad = (n: number) => String(n).padStart(2, "0");

function split(value: string): { date: string; time: string } {
  if (!value) return { date: "", time: "" };
  const local = new Date(value);
  if (Number.isNaN(local.getTime())) return { date: "", time: "" };
  return { date: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`, time: `${pad(local.getHours())}:${pad(local.getMinutes())}` };
}

function at(daysFromToday: number, hour: number): string {
  const day = new Date();
  day.setDate(day.getDate() + daysFromToday);
  day.setHours(hour, 0, 0, 0);
  return day.toISOString();
}

/**
 * A due time in the user's own time zone (sent as UTC). Picking a date alone means 18:00 that
 * day, shown in the time box so nothing is implicit; quick picks cover the usual deadlines.
 */
export function DueField({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  const id = useId();
  const [parts, setParts] = useState(() => split(value));
  const emit = (next: { date: string; time: string }) => {
    const filled = next.date && !next.time ? { ...next, time: "18:00" } : next;
    setParts(filled);
    onChange(filled.date ? new Date(`${filled.date}T${filled.time}`).toISOString() : "");
  };
  const pick = (iso: string) => {
    setParts(split(iso));
    onChange(iso);
  };
  const control = "h-8 min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 text-sm aria-[invalid=true]:border-red-500";
  const quick = "rounded px-1.5 py-0.5 text-xs text-blue-700 hover:bg-blue-50";
  return (
    <fieldset className="flex flex-col gap-1" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-xs font-medium text-slate-700">Due (your time)</legend>
      <div className="flex gap-2">
        <input type="date" aria-label="Due date" value={parts.date} aria-invalid={Boolean(error)} className={control} onChange={(event) => emit({ ...parts, date: event.target.value })} />
        <input type="time" aria-label="Due time" value={parts.time} disabled={!parts.date} className={control} onChange={(event) => emit({ ...parts, time: event.target.value || "18:00" })} />
      </div>
      <div className="flex flex-wrap gap-1">
        <button type="button" className={quick} onClick={() => pick(at(0, 18))}>
          Today 18:00
        </button>
        <button type="button" className={quick} onClick={() => pick(at(1, 10))}>
          Tomorrow 10:00
        </button>
        <button type="button" className={quick} onClick={() => pick(at(7, 10))}>
          In a week
        </button>
        {parts.date ? (
          <button type="button" className={quick} onClick={() => emit({ date: "", time: "" })}>
            No due time
          </button>
        ) : null}
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
