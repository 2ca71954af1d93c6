"use client";
import { lazy, Suspense, useCallback } from "react";
import { short, type CommentThreadProps, type ThreadCount } from "./types";

// The open thread loads with its code (comment-thread-panel.tsx): a closed thread is a button.
const CommentThreadPanel = lazy(() => import("./comment-thread-panel"));

/** The id of an entry's open thread, which its button controls. */
export const threadIdOf = (entityId: string) => `comments-${entityId}`;

/**
 * An entry's "Comments (N)" disclosure button: a plain button, no state of its own — the list
 * keeps which threads are open and the count an open thread loaded (EntryRows), so a closed
 * thread costs a panel of 50 one element each, not a component with its hooks and a wrapper
 * (issue 16, rows28). Closed, it shows the count the page was rendered with (the page refreshes
 * after every change to the story, live); open, the count of the thread it loaded.
 */
export function CommentToggle({ entityId, label, count, open, onToggle, className }: { entityId: string; label: string; count: ThreadCount; open: boolean; onToggle: () => void; className?: string }) {
  const resolvedNow = count.total > 0 && count.open === 0;
  return (
    <button
      type="button"
      className={className ? `btn btn-sm btn-ghost ${className}` : "btn btn-sm btn-ghost"}
      aria-expanded={open}
      aria-controls={open ? threadIdOf(entityId) : undefined}
      aria-label={`Comments on ${short(label)} (${count.total}${resolvedNow ? ", resolved" : ""})`}
      onClick={onToggle}
    >
      {`Comments (${count.total})`}
      {resolvedNow ? <span className="text-emerald-700"> ✓</span> : null}
    </button>
  );
}

/** An open thread, under its button: its code and comments load now. `onCount` gets the entry's id with the count it loaded. */
export function OpenCommentThread({ onCount, ...props }: CommentThreadProps & { onCount: (entityId: string, count: ThreadCount) => void }) {
  const { entityId, label } = props;
  const onThreadCount = useCallback((count: ThreadCount) => onCount(entityId, count), [onCount, entityId]);
  const panelId = threadIdOf(entityId);
  return (
    <Suspense
      fallback={
        <section id={panelId} aria-label={`Comments on ${short(label)}`} className="comment-thread-box">
          <p role="status" className="text-xs text-slate-500">
            Loading comments…
          </p>
        </section>
      }
    >
      <CommentThreadPanel {...props} panelId={panelId} onCount={onThreadCount} />
    </Suspense>
  );
}
