"use client";
import { lazy, Suspense, useCallback, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { short, type CommentThreadProps, type ThreadCount } from "./types";

// The open thread loads with its code (comment-thread-panel.tsx): a closed thread is a button.
const CommentThreadPanel = lazy(() => import("./comment-thread-panel"));

/**
 * An entry's comment thread behind a "Comments (N)" disclosure. Closed, it shows the count the
 * page was rendered with (the page refreshes after every change to the story, live); open, the
 * count of the thread it loaded.
 */
export function CommentThread({ className, ...props }: CommentThreadProps & { className?: string }) {
  const { label, initialCount } = props;
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState<ThreadCount | null>(null);
  const onCount = useCallback((count: ThreadCount) => setLoaded(count), []);
  const count = open && loaded ? loaded : initialCount;
  const resolvedNow = count.total > 0 && count.open === 0;
  const toggle = () => {
    setLoaded(null);
    setOpen(!open);
  };

  return (
    <div className={cn("comment-thread", className)}>
      <Button
        variant="ghost"
        size="sm"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={`Comments on ${short(label)} (${count.total}${resolvedNow ? ", resolved" : ""})`}
        onClick={toggle}
      >
        {`Comments (${count.total})`}
        {resolvedNow ? <span className="text-emerald-700"> ✓</span> : null}
      </Button>
      {open ? (
        <Suspense
          fallback={
            <section id={panelId} aria-label={`Comments on ${short(label)}`} className="comment-thread-box">
              <p role="status" className="text-xs text-slate-500">
                Loading comments…
              </p>
            </section>
          }
        >
          <CommentThreadPanel {...props} panelId={panelId} onCount={onCount} />
        </Suspense>
      ) : null}
    </div>
  );
}
