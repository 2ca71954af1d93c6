"use client";
import Link from "next/link";
import { useEffect, useState, useTransition } from "react";
import { markCaughtUpAction } from "@/lib/actions/history";
import { Button } from "@/components/ui/button";
import { sendAndForget } from "@/components/ui/send-and-forget";
import { whenIdle } from "@/components/ui/when-idle";

/** "12 changes by others since your last visit (Mon 18:04)": one click opens the comparison. */
export function SinceLastVisit({ storyId, changes, capped, baselineSeq, since }: { storyId: string; changes: number; capped: boolean; baselineSeq: number; since: string }) {
  const [dismissed, setDismissed] = useState(false);
  const [pending, startTransition] = useTransition();
  if (changes === 0 || dismissed) return null;
  return (
    <div role="status" className="flex flex-wrap items-center gap-3 rounded border border-blue-200 bg-blue-50 px-3 py-2 text-sm">
      <span>
        <strong>
          {capped ? `${changes}+` : changes} {changes === 1 ? "change" : "changes"}
        </strong>{" "}
        by others since your last visit ({since}).
      </span>
      <Link href={`/stories/${storyId}/changes?fromRev=${baselineSeq}`} prefetch={false} className="font-medium text-blue-800 underline">
        Review what changed
      </Link>
      <Button
        variant="ghost"
        className="ml-auto"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await markCaughtUpAction({ storyId });
            if (result.ok) setDismissed(true);
          })
        }
      >
        {pending ? "Saving…" : "Mark as caught up"}
      </Button>
    </div>
  );
}

/** Records this page view once it has loaded: a POST to a route handler (the page's GET writes
 * nothing), not a server action, which would hold the router's queue (a click on a tab waits for
 * a pending action) and load the action client's code on every story page. */
export function RecordVisit({ storyId }: { storyId: string }) {
  useEffect(() => {
    // Once the page is idle, or as it is left (another page, the tab closed) if that comes first.
    // Best effort: a view that fails to record only leaves "since your last visit" a visit behind.
    // Only a POST sent as the document goes away is `keepalive` (it must outlive the page).
    let sent = false;
    const record = (leaving: boolean) => {
      if (sent) return;
      sent = true;
      sendAndForget(`/api/stories/${encodeURIComponent(storyId)}/visit`, { method: "POST", keepalive: leaving });
    };
    const cancel = whenIdle(() => record(false));
    const onPageHide = () => record(true);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      cancel();
      window.removeEventListener("pagehide", onPageHide);
      // Another page of the app: the document stays, so a plain fetch completes.
      record(false);
    };
  }, [storyId]);
  return null;
}
