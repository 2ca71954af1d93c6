import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded border border-dashed border-slate-300 bg-white p-5 text-sm text-slate-600">
      <p className="font-medium text-slate-800">{title}</p>
      <div className="mt-1">{children}</div>
    </div>
  );
}
