import type { SelectHTMLAttributes } from "react";
import { cn } from "./cn";
import { isComposed } from "@/lib/bidi";

export type Option = { value: string; label: string };

/** A select's options from value/label pairs. */
export function Options({ options }: { options: ReadonlyArray<Option> }) {
  return options.map((option) => (
    // Each choice in its own direction: a Hebrew source's name reads right to left in a Latin list.
    <option key={option.value} value={option.value} dir={isComposed(option.label) ? "ltr" : "auto"}>
      {option.label}
    </option>
  ));
}

/**
 * A compact labelled select for a row of filters: "all" first (the empty value) when given, then
 * the options. Uncontrolled in GET forms (defaultValue), controlled in the panels' filter bar.
 */
export function FilterSelect({ label, all, options, className, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { label: string; all?: string; options: ReadonlyArray<Option> }) {
  return (
    <label className="flex flex-col gap-0.5">
      <span className="text-xs text-slate-600">{label}</span>
      <select className={cn("h-8 rounded border border-slate-300 bg-white px-1 text-sm", className)} {...props}>
        {all !== undefined ? <option value="">{all}</option> : null}
        <Options options={options} />
      </select>
    </label>
  );
}
