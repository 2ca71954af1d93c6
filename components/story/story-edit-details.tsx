"use client";
import { lazy, Suspense, useState } from "react";
import type { StoryFields } from "./story-edit-form";

// The form (its zod schema and react-hook-form) loads when the disclosure is first opened, and
// stays once opened, so closing it keeps what was typed (issue 16: the overview's main thread).
const StoryEditForm = lazy(() => import("./story-edit-form").then((module) => ({ default: module.StoryEditForm })));

/** "Edit title, summary and status" on the overview, for contributors and leads. */
export function StoryEditDetails({ story }: { story: StoryFields }) {
  const [opened, setOpened] = useState(false);
  return (
    <details className="rounded border border-slate-200 bg-white p-3" onToggle={(event) => event.currentTarget.open && setOpened(true)}>
      <summary className="cursor-pointer text-sm font-semibold">Edit title, summary and status</summary>
      <div className="mt-2">
        {opened ? (
          <Suspense
            fallback={
              <p role="status" className="text-xs text-slate-500">
                Loading…
              </p>
            }
          >
            <StoryEditForm story={story} />
          </Suspense>
        ) : null}
      </div>
    </details>
  );
}
