"use client";
import { useCallback, useEffect, useState } from "react";
import { isTypingTarget, shortcutFor } from "@/lib/shortcuts";
import { Button } from "@/components/ui/button";

/**
 * Steps through the changes of a comparison one by one (buttons, or J / K): focuses and
 * scrolls to each change's card (elements with id `change-1` … `change-N`).
 */
export function StepThrough({ total }: { total: number }) {
  const [current, setCurrent] = useState(0);
  const go = useCallback(
    (next: number) => {
      const index = Math.min(Math.max(next, 1), total);
      const element = document.getElementById(`change-${index}`);
      if (!element) return;
      setCurrent(index);
      element.scrollIntoView({ block: "center" });
      element.focus({ preventScroll: true });
    },
    [total],
  );
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target)) return;
      const action = shortcutFor(event.key, ["next-change", "previous-change"])?.action;
      if (action === "next-change") go(current + 1);
      if (action === "previous-change") go(current - 1);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, go]);
  if (total === 0) return null;
  return (
    <div className="sticky top-0 z-20 flex items-center gap-2 rounded border border-slate-200 bg-white/95 px-3 py-1.5 text-sm shadow-sm">
      <Button variant="secondary" onClick={() => go(current - 1)} disabled={current <= 1} aria-keyshortcuts="k">
        ← Previous change
      </Button>
      <Button variant="secondary" onClick={() => go(current + 1)} disabled={current >= total} aria-keyshortcuts="j">
        Next change →
      </Button>
      <span role="status" aria-live="polite" className="text-slate-600">
        {current === 0 ? `${total} changes — press J to step through` : `Change ${current} of ${total}`}
      </span>
    </div>
  );
}
