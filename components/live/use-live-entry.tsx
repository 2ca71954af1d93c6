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
  useEditingPresence(kind, id, editing);
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

/** While `editing`, this tab's "I am editing it" for the others on the story. */
export function useEditingPresence(kind: TrackedKind, id: string, editing = true) {
  const setEditing = useLiveEvents()?.setEditing;
  useEffect(() => {
    if (!editing || !setEditing) return;
    setEditing({ kind, id });
    return () => setEditing(null);
  }, [editing, setEditing, kind, id]);
}

/** The live slices of a list's entries, by id — only those with something to show (most have none). */
export type LiveSlices = ReadonlyMap<string, LiveEntrySlice>;
const NO_SLICES: LiveSlices = new Map();

/**
 * A list's entries' live state in one subscription, not one per entry: the list hands each entry
 * its slice (QUIET_ENTRY for most), and an entry whose slice did not change keeps the same object,
 * so a memoized entry skips its render on a presence or status update elsewhere (issue 16, rows28).
 */
export function useLiveEntries(ids: readonly string[]): LiveSlices {
  const store = useLiveEvents()?.entries;
  const last = useRef<LiveSlices>(NO_SLICES);
  const subscribe = useCallback((listener: () => void) => store?.subscribe(listener) ?? (() => {}), [store]);
  const slices = () => {
    if (!store) return NO_SLICES;
    const state = store.get();
    const next = new Map<string, LiveEntrySlice>();
    for (const id of ids) {
      const slice = sliceOf(state, id);
      if (slice === QUIET_ENTRY) continue;
      const before = last.current.get(id);
      next.set(id, before && sameSlice(before, slice) ? before : slice);
    }
    const same = next.size === last.current.size && [...next].every(([id, slice]) => last.current.get(id) === slice);
    if (!same) last.current = next.size ? next : NO_SLICES;
    return last.current;
  };
  return useSyncExternalStore(subscribe, slices, () => NO_SLICES);
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
