"use client";
import { useEffect } from "react";
import { KINDS, type TrackedKind } from "@/lib/entry-kinds/kinds";
import type { LiveActor } from "@/lib/live/protocol";
import { useLive } from "./live-provider";

export type LiveEntry = {
  /** Others with this entry open in an edit form (or the memo in its editor). */
  editors: LiveActor[];
  /** A change by someone else a moment ago: highlighted briefly. */
  changed: { actor: LiveActor; action: string } | null;
  /** The last change by someone else since this tab opened it for editing. */
  whileEditing: { actor: LiveActor; action: string } | null;
};

/**
 * One entry's live state, and — while `editing` — this tab's "I am editing it" for others.
 * Outside the live desk (no provider) it is quiet.
 */
export function useLiveEntry(kind: TrackedKind, id: string, editing: boolean): LiveEntry {
  const live = useLive();
  const setEditing = live?.setEditing;
  useEffect(() => {
    if (!editing || !setEditing) return;
    setEditing({ kind, id });
    return () => setEditing(null);
  }, [editing, setEditing, kind, id]);
  const editors = (live?.presence?.people ?? []).filter((person) => person.user.id !== live?.userId && person.editing.some((item) => item.id === id)).map((person) => person.user);
  const recent = live?.recent.get(id);
  const meanwhile = live?.whileEditing?.id === id ? live.whileEditing : null;
  return {
    editors,
    changed: recent ? { actor: recent.actor, action: recent.action } : null,
    whileEditing: meanwhile ? { actor: meanwhile.actor, action: meanwhile.action } : null,
  };
}

const names = (actors: LiveActor[]) => (actors.length === 1 ? actors[0]!.name : `${actors.slice(0, -1).map((a) => a.name).join(", ")} and ${actors.at(-1)!.name}`);

/** "Maya Cohen is editing this quote": before you start typing, not after you save. */
export function EditingHint({ kind, editors }: { kind: TrackedKind; editors: LiveActor[] }) {
  if (editors.length === 0) return null;
  const what = kind === "story" ? "the memo" : `this ${KINDS[kind].noun}`;
  return (
    <p role="status" className="flex items-center gap-1 text-xs font-medium text-indigo-700">
      <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-indigo-500" />
      {names(editors)} {editors.length === 1 ? "is" : "are"} editing {what}
    </p>
  );
}
