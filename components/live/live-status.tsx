"use client";
import { cn } from "@/components/ui/cn";
import type { ConnectionStatus } from "./connection";
import { useLive } from "./live-provider";

const LABELS: Record<ConnectionStatus, string> = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", stopped: "Paused" };

/**
 * Quiet: a dot and a word, in the header's flow — never floating over the page, where on a
 * phone it covered an entry's ⋯ (on a phone only the dot shows; the word is in its name).
 * "Reconnecting…" is said to screen readers; "Live" is not repeated.
 */
export function LiveStatus() {
  const live = useLive();
  if (!live) return null;
  const { status } = live;
  return (
    <p
      role="status"
      aria-label={`Live updates: ${LABELS[status]}`}
      title={`Live updates: ${LABELS[status]}`}
      className={cn(
        "flex shrink-0 items-center gap-1.5 whitespace-nowrap rounded-full px-1.5 py-0.5 text-xs sm:border sm:px-2",
        status === "live" ? "border-slate-200 text-slate-600" : "border-amber-300 text-amber-800",
      )}
    >
      <span aria-hidden className={cn("size-2 rounded-full", status === "live" ? "bg-emerald-500" : status === "stopped" ? "bg-slate-400" : "animate-pulse bg-amber-500")} />
      <span className="hidden sm:inline">{LABELS[status]}</span>
    </p>
  );
}
