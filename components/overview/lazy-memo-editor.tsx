"use client";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { RichTextDoc } from "@/lib/rich-text";
import { Button } from "@/components/ui/button";

// The memo's editor (tiptap, react-hook-form) is the heaviest code of the story page: it loads
// when someone edits the memo, not with every tab of the page (issue 16: the story page's JS
// and main-thread time against the sign-in page's).
const MemoEditor = dynamic(() => import("./memo-editor").then((m) => m.MemoEditor), {
  loading: () => (
    <p role="status" className="text-xs text-slate-500">
      Loading the editor…
    </p>
  ),
});

/**
 * The summary memo as saved (rendered by the server), and "Edit memo", which swaps in its editor
 * with the text focused. Once opened the editor stays until Cancel (which drops unsaved edits,
 * as Cancel and Esc do in an entry's form): the live desk's refreshes and a save keep it.
 */
export function LazyMemoEditor({ storyId, memo, version, saved, empty }: { storyId: string; memo: RichTextDoc; version: number; saved: ReactNode; empty: boolean }) {
  const [editing, setEditing] = useState(false);
  // After Cancel, focus goes back to the button that opened the editor, not to the page.
  const [returned, setReturned] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!editing && returned) button.current?.focus();
  }, [editing, returned]);
  if (editing)
    return (
      <MemoEditor
        storyId={storyId}
        memo={memo}
        version={version}
        saved={saved}
        autoFocus
        onCancel={() => {
          setEditing(false);
          setReturned(true);
        }}
      />
    );
  return (
    <div className="flex flex-col gap-2">
      {empty ? <p className="text-sm text-slate-500">No memo yet: what we know, what is disputed, what is still open.</p> : saved}
      <div>
        <Button ref={button} variant="secondary" size="sm" onClick={() => setEditing(true)}>
          {empty ? "Write the memo" : "Edit memo"}
        </Button>
      </div>
    </div>
  );
}
