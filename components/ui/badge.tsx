import type { ReactNode } from "react";

export type Tone = "slate" | "blue" | "amber" | "green" | "red";

// .badge and its tones are in app/globals.css: entries show several badges each (issue 16: HTML per entry).
export function Badge({ tone = "slate", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
