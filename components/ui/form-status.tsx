"use client";
import { cn } from "./cn";

export type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "error"; message: string };

/** The visible save state of a form, announced to screen readers. */
export function FormStatus({ state, className }: { state: SaveState; className?: string }) {
  return (
    <p
      role="status"
      aria-live="polite"
      className={cn(
        "min-h-5 text-xs",
        state.kind === "error" ? "text-red-700" : state.kind === "saved" ? "text-emerald-700" : "text-slate-500",
        className,
      )}
    >
      {state.kind === "saving" ? "Saving…" : state.kind === "saved" ? "Saved" : state.kind === "error" ? state.message : ""}
    </p>
  );
}
