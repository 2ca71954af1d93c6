"use client";
import { cn } from "@/components/ui/cn";
import type { ConnectionStatus } from "./connection";

const LABELS: Record<ConnectionStatus, string> = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", stopped: "Paused" };

/** Quiet: a dot and a word in the corner. "Reconnecting…" is said to screen readers; "Live" is not repeated. */
export function LiveStatus({ status }: { status: ConnectionStatus }) {
  return (
    <div className="pointer-events-none fixed bottom-2 right-2 z-40">
      <p
        role="status"
        aria-label={`Live updates: ${LABELS[status]}`}
        className={cn(
          "flex items-center gap-1.5 rounded-full border bg-white/90 px-2 py-0.5 text-xs shadow-sm",
          status === "live" ? "border-slate-200 text-slate-600" : "border-amber-300 text-amber-800",
        )}
      >
        <span aria-hidden className={cn("size-2 rounded-full", status === "live" ? "bg-emerald-500" : status === "stopped" ? "bg-slate-400" : "animate-pulse bg-amber-500")} />
        {LABELS[status]}
      </p>
    </div>
  );
}
