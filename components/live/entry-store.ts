import type { LiveActor, LivePresence } from "@/lib/live/protocol";

/**
 * What the entries of a page read from the live desk (presence, recent changes, what changed
 * under the open form), outside React state: each entry subscribes with a selector
 * (useSyncExternalStore in useLiveEntry) and re-renders only when its own slice changes. Through
 * the context, every status or presence update re-rendered all 50 entries of a panel (issue 16).
 */
export type LiveChangeSeen = { actor: LiveActor; action: string };
export type LiveEntryState = {
  userId: string;
  presence: LivePresence | null;
  recent: ReadonlyMap<string, LiveChangeSeen>;
  whileEditing: (LiveChangeSeen & { id: string }) | null;
};

export type LiveEntryStore = {
  get: () => LiveEntryState;
  set: (next: Omit<LiveEntryState, "userId">) => void;
  subscribe: (listener: () => void) => () => void;
};

export function createLiveEntryStore(userId: string): LiveEntryStore {
  let state: LiveEntryState = { userId, presence: null, recent: new Map(), whileEditing: null };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set: (next) => {
      if (next.presence === state.presence && next.recent === state.recent && next.whileEditing === state.whileEditing) return;
      state = { ...next, userId };
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** One entry's slice: who else edits it, a change by someone else a moment ago, a change under its open form. */
export type LiveEntrySlice = { editors: LiveActor[]; changed: LiveChangeSeen | null; whileEditing: LiveChangeSeen | null };

export const QUIET_ENTRY: LiveEntrySlice = { editors: [], changed: null, whileEditing: null };

export function sliceOf(state: LiveEntryState, id: string): LiveEntrySlice {
  const editors = (state.presence?.people ?? []).filter((person) => person.user.id !== state.userId && person.editing.some((item) => item.id === id)).map((person) => person.user);
  const recent = state.recent.get(id);
  const meanwhile = state.whileEditing?.id === id ? state.whileEditing : null;
  if (editors.length === 0 && !recent && !meanwhile) return QUIET_ENTRY;
  return {
    editors,
    changed: recent ? { actor: recent.actor, action: recent.action } : null,
    whileEditing: meanwhile ? { actor: meanwhile.actor, action: meanwhile.action } : null,
  };
}

const sameActor = (a: LiveActor, b: LiveActor) => a.id === b.id && a.name === b.name;
const sameChange = (a: LiveChangeSeen | null, b: LiveChangeSeen | null) => a === b || (a !== null && b !== null && a.action === b.action && sameActor(a.actor, b.actor));

/** Equal slices stay the same object: useSyncExternalStore then skips the entry's render. */
export function sameSlice(a: LiveEntrySlice, b: LiveEntrySlice): boolean {
  return (
    a === b ||
    (a.editors.length === b.editors.length &&
      a.editors.every((actor, i) => sameActor(actor, b.editors[i]!)) &&
      sameChange(a.changed, b.changed) &&
      sameChange(a.whileEditing, b.whileEditing))
  );
}
