"use client";
import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";
import { KINDS, type TrackedKind } from "@/lib/entry-kinds/kinds";
import { cn } from "@/components/ui/cn";
import type { LiveActor } from "@/lib/live/protocol";
import { useLiveEvents } from "./live-provider";
import { QUIET_ENTRY, sameSlice, sliceOf, type LiveEntrySlice } from "./entry-store";

/** editors: others with this entry open in an edit form (or the memo in its editor); changed: a change by someone else a moment ago (highlighted briefly); whileEditing: the last change by someone else since this tab opened it for editing. */
export type LiveEntry = LiveEntrySlice;

/**
 * One entry's live state, and — while `editing` — this tab's "I am editing it" for others.
 * Outside the live desk (no provider) it is quiet.
 */
export function useLiveEntry(kind: TrackedKind, id: string, editing: boolean): LiveEntry {
  const live = useLiveEvents();
  const setEditing = live?.setEditing;
  useEffect(() => {
    if (!editing || !setEditing) return;
    setEditing({ kind, id });
    return () => setEditing(null);
  }, [editing, setEditing, kind, id]);
  // This entry's slice only: an update elsewhere (presence on another entry, the status) leaves
  // the same object, and React skips this entry's render.
  const last = useRef<LiveEntrySlice>(QUIET_ENTRY);
  const store = live?.entries;
  const subscribe = useCallback((listener: () => void) => store?.subscribe(listener) ?? (() => {}), [store]);
  const slice = () => {
    if (!store) return QUIET_ENTRY;
    const next = sliceOf(store.get(), id);
    if (!sameSlice(next, last.current)) last.current = next;
    return last.current;
  };
  return useSyncExternalStore(subscribe, slice, () => QUIET_ENTRY);
}

const names = (actors: LiveActor[]) => (actors.length === 1 ? actors[0]!.name : `${actors.slice(0, -1).map((a) => a.name).join(", ")} and ${actors.at(-1)!.name}`);

/** "Maya Cohen is editing this quote": before you start typing, not after you save. */
export function EditingHint({ kind, editors, className }: { kind: TrackedKind; editors: LiveActor[]; className?: string }) {
  if (editors.length === 0) return null;
  const what = kind === "story" ? "the memo" : `this ${KINDS[kind].noun}`;
  return (
    <p role="status" className={cn("flex items-center gap-1 text-xs font-medium text-indigo-700", className)}>
      <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-indigo-500" />
      {names(editors)} {editors.length === 1 ? "is" : "are"} editing {what}
    </p>
  );
}
