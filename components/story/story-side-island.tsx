"use client";
import { useEffect, useState } from "react";
import { whenIdle } from "@/components/ui/when-idle";
import type { StorySideData } from "./story-side";
import { MembersPanel } from "./members-panel";
import { RecentRevisions } from "./recent-revisions";

/**
 * The story page's side panel, Team and Recent changes. Not needed for the first view, so it is
 * not part of the page's render (its six statements and twelve lines were ~a fifth of a panel's
 * server time, issue 16 part 2): once the browser is idle it asks `GET /api/stories/:id/side`
 * (the same access checks, this reader's names), and asks again when the page re-renders with
 * the story's chain moved on (`seq`: an edit, a member added — live or by this user). While a
 * new answer comes, the one shown stays (an open "Manage team" stays open).
 */
export function StorySide({ storyId, seq }: { storyId: string; seq: number }) {
  const [side, setSide] = useState<{ storyId: string; data: StorySideData } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    const cancel = whenIdle(() => {
      fetch(`/api/stories/${encodeURIComponent(storyId)}/side`, { cache: "no-store", signal: abort.signal })
        .then(async (response) => {
          const body = (await response.json()) as { ok: true; data: StorySideData } | { ok: false };
          if (!response.ok || !body.ok) throw new Error(`side panel: ${response.status}`);
          setSide({ storyId, data: body.data });
          setFailed(false);
        })
        .catch(() => {
          if (!abort.signal.aborted) setFailed(true);
        });
    });
    return () => {
      cancel();
      abort.abort();
    };
  }, [storyId, seq]);

  // Another story's panel (a client navigation between stories) is never shown for this one.
  if (!side || side.storyId !== storyId) {
    return (
      <p role="status" className="rounded border border-slate-200 bg-white p-3 text-xs text-slate-500">
        {failed ? "The team and recent changes could not be loaded. Reload the page to try again." : "Loading the team and recent changes…"}
      </p>
    );
  }
  const { data } = side;
  return (
    <>
      <MembersPanel storyId={storyId} canManage={data.canManage} members={data.members} />
      <RecentRevisions storyId={storyId} lines={data.lines} headHash={data.headHash} />
    </>
  );
}
