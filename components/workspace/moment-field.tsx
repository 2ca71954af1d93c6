"use client";
import { useId, useState } from "react";
import { approximateToFormValue, parseApproximate, PRECISION_LABELS, type TimePrecisionValue } from "@/lib/approximate-date";
import { FieldError } from "@/components/ui/field";

/** A stored moment as the form's string (lib/approximate-date.ts). */
export const momentToFormValue = approximateToFormValue;

type End = { date: string; time: string };
type Parts = { precision: TimePrecisionValue; start: End; end: End; range: boolean };

const pad = (n: number) => String(n).padStart(2, "0");
const EMPTY: End = { date: "", time: "" };
const PART = { early_month: "early", mid_month: "mid", late_month: "late" } as const;

/** One end of a stored value as the inputs show it (a minute in the browser's own zone). */
function inputsOf(at: Date, precision: TimePrecisionValue): End {
  if (precision === "minute") return { date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`, time: `${pad(at.getHours())}:${pad(at.getMinutes())}` };
  const ym = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}`;
  if (precision === "year") return { date: String(at.getUTCFullYear()), time: "" };
  if (precision === "day") return { date: `${ym}-${pad(at.getUTCDate())}`, time: "" };
  return { date: ym, time: "" };
}

function partsOf(value: string, fallback: TimePrecisionValue): Parts {
  const parsed = value ? parseApproximate(value) : null;
  if (!parsed || "error" in parsed) return { precision: fallback, start: EMPTY, end: EMPTY, range: false };
  return {
    precision: parsed.precision,
    start: inputsOf(parsed.at, parsed.precision),
    end: parsed.until ? inputsOf(parsed.until, parsed.precision) : EMPTY,
    range: Boolean(parsed.until),
  };
}

/** One end as the form sends it; "" while it is incomplete. */
function valueOf(end: End, precision: TimePrecisionValue): string {
  if (!end.date) return "";
  if (precision === "minute") return end.time ? new Date(`${end.date}T${end.time}`).toISOString() : end.date;
  if (precision in PART) return `${end.date.slice(0, 7)}-${PART[precision as keyof typeof PART]}`;
  return end.date;
}

/**
 * When something happened, as precisely as it is known: a year, a month or part of one, a day,
 * a day and time (the user's zone; sent as UTC) — and, ticked, a range up to another of the
 * same kind ("January–September 2025").
 */
export function MomentField({
  label,
  value,
  onChange,
  error,
  required,
  defaultPrecision = "day",
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  required?: boolean;
  defaultPrecision?: TimePrecisionValue;
}) {
  const id = useId();
  const [parts, setParts] = useState(() => partsOf(value, defaultPrecision));
  const emit = (next: Parts) => {
    setParts(next);
    const start = valueOf(next.start, next.precision);
    const end = next.range ? valueOf(next.end, next.precision) : "";
    onChange(start && end ? `${start}/${end}` : start);
  };
  const control = "h-8 min-w-0 rounded border border-slate-300 bg-white px-2 text-sm aria-[invalid=true]:border-red-500";
  const inputs = (which: "start" | "end", name: string) => {
    const end = parts[which];
    const set = (change: Partial<End>) => emit({ ...parts, [which]: { ...end, ...change } });
    const common = { "aria-invalid": Boolean(error), required: required && which === "start", className: `${control} w-full` };
    const p = parts.precision;
    return (
      <span className="flex min-w-0 flex-1 gap-1">
        {p === "year" ? (
          <input {...common} type="number" inputMode="numeric" min={1} max={9999} placeholder="2025" aria-label={`${name}: year`} value={end.date} onChange={(e) => set({ date: e.target.value })} />
        ) : p === "day" || p === "minute" ? (
          <input {...common} type="date" aria-label={`${name}: date`} value={end.date} onChange={(e) => set({ date: e.target.value })} />
        ) : (
          <input {...common} type="month" placeholder="2025-03" aria-label={`${name}: month`} value={end.date.slice(0, 7)} onChange={(e) => set({ date: e.target.value })} />
        )}
        {p === "minute" ? <input type="time" aria-label={`${name}: time`} value={end.time} className={`${control} w-28`} onChange={(e) => set({ time: e.target.value })} /> : null}
      </span>
    );
  };
  const changePrecision = (precision: TimePrecisionValue) => {
    // Keep what was typed where it still fits: a day's year and month, a month's year.
    const convert = (end: End): End => {
      if (!end.date) return EMPTY;
      const year = end.date.slice(0, 4);
      const month = end.date.slice(0, 7);
      if (precision === "year") return { date: year, time: "" };
      if (precision === "day" || precision === "minute") return { date: end.date.length === 10 ? end.date : "", time: precision === "minute" ? end.time : "" };
      return { date: month.length === 7 ? month : "", time: "" };
    };
    emit({ ...parts, precision, start: convert(parts.start), end: convert(parts.end) });
  };
  return (
    <fieldset className="flex min-w-0 flex-col gap-1" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-xs font-medium text-slate-700">{label}</legend>
      <div className="flex flex-wrap items-center gap-1">
        {inputs("start", label)}
        {parts.range ? (
          <>
            <span aria-hidden className="text-slate-500">
              –
            </span>
            {inputs("end", `${label}, until`)}
          </>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <select aria-label={`${label}: how precise`} value={parts.precision} className={`${control} text-xs`} onChange={(e) => changePrecision(e.target.value as TimePrecisionValue)}>
          {(Object.keys(PRECISION_LABELS) as TimePrecisionValue[]).map((precision) => (
            <option key={precision} value={precision}>
              {PRECISION_LABELS[precision]}
            </option>
          ))}
        </select>
        <label className="flex min-h-8 items-center gap-1 text-slate-700">
          <input type="checkbox" checked={parts.range} onChange={(e) => emit({ ...parts, range: e.target.checked, end: e.target.checked ? parts.end : EMPTY })} />
          A range
        </label>
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
