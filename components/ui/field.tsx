import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import { cn } from "./cn";
import { Options } from "./filter-select";

// A field's look is a class of app/globals.css: a lead's Team panel alone has a select per member (issue 16).
const control = "field-control";

type FieldProps = { label: string; error?: string; hint?: string; className?: string; hideLabel?: boolean };

function FieldShell({
  id,
  label,
  error,
  hint,
  className,
  hideLabel,
  children,
}: FieldProps & { id: string; children: ReactNode }) {
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className={cn("text-xs font-medium text-slate-700", hideLabel && "sr-only")}>
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** A field's error, announced when it appears; the control names it with aria-describedby={`${id}-error`}. */
export function FieldError({ id, error }: { id?: string; error?: string | null }) {
  if (!error) return null;
  return (
    <p id={id ? `${id}-error` : undefined} role="alert" className="text-xs text-red-700">
      {error}
    </p>
  );
}

function describedBy(id: string, error?: string, hint?: string) {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/** Fields that hold words someone writes (not an e-mail, a link, a password or a number): their direction follows their text. */
const writtenText = (type: string | undefined) => type === undefined || type === "text" || type === "search";

export function TextField({ label, error, hint, className, hideLabel, ...props }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className} hideLabel={hideLabel}>
      {/* Words typed in Hebrew or Arabic read right to left as they are typed (and a "?" ends the line where it should). */}
      <input id={id} className={control} dir={writtenText(props.type) ? "auto" : undefined} aria-invalid={Boolean(error)} aria-describedby={describedBy(id, error, hint)} {...props} />
    </FieldShell>
  );
}

export function TextAreaField({ label, error, hint, className, hideLabel, ...props }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className} hideLabel={hideLabel}>
      <textarea id={id} className={cn(control, "min-h-20")} dir="auto" aria-invalid={Boolean(error)} aria-describedby={describedBy(id, error, hint)} {...props} />
    </FieldShell>
  );
}

export function SelectField({
  label,
  error,
  hint,
  className,
  hideLabel,
  options,
  ...props
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: ReadonlyArray<{ value: string; label: string }> }) {
  const id = useId();
  return (
    <FieldShell id={id} label={label} error={error} hint={hint} className={className} hideLabel={hideLabel}>
      <select id={id} className={control} aria-invalid={Boolean(error)} aria-describedby={describedBy(id, error, hint)} {...props}>
        <Options options={options} />
      </select>
    </FieldShell>
  );
}

/** Options for a select from a value → label record. */
export function optionsOf<T extends string>(labels: Record<T, string>) {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}
