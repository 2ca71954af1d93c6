"use client";
import { usePathname, useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useTransition, type ReactNode } from "react";
import type { LiveActor, LiveChange, LiveCursor, LiveEditing, LiveMessage, LivePresence } from "@/lib/live/protocol";
import { HEARTBEAT_MS, HIDDEN_RELEASE_MS } from "@/lib/live/protocol";
import { pageShowsChange } from "@/lib/live/pages";
import { LiveConnection, type ConnectionStatus } from "./connection";
import { keepScrollPosition } from "./scroll-anchor";
import { createLiveEntryStore, type LiveEntryStore } from "./entry-store";
import { sendAndForget } from "@/components/ui/send-and-forget";
import { whenIdle } from "@/components/ui/when-idle";

// The desk's live connection, one per tab, in the desk layout. Pages say what they show
// (LiveStory: a story, with the sequence number they were rendered at; LiveDesk: the desk
// home); the user's own events (inbox, follow-ups that concern them) always come. A change the
// page shows re-renders it on the server (router.refresh(): the same access checks and the
// same protection lens as any page view; client state — a form being typed in — survives),
// one refresh at a time however many changes arrive. See lib/server/live/ARCHITECTURE.md.

export type LiveScope = { story: string; s: number; place: string } | { desk: true } | null;
type HeaderCounts = { unread: number; followUps: { open: number; overdue: number } };
/** `at`: when it was heard; `shownAt`: when the refresh that put it on the page finished (the highlight's clock). */
type Recent = { actor: LiveActor; action: LiveChange["action"]; at: number; shownAt?: number };

type LiveContext = {
  userId: string;
  /** As the header's badge shows it: "stopped" once a hidden tab has let its stream go. */
  status: ConnectionStatus;
  presence: LivePresence | null;
  /** Changes by others in the last moments, by entry id (for the brief highlight). */
  recent: ReadonlyMap<string, Recent>;
  /** The last change by someone else to what this tab is editing, since it started. */
  whileEditing: (Recent & { id: string }) | null;
  setScope: (scope: LiveScope) => void;
  /** This tab is editing this (or nothing): others see "X is editing". */
  setEditing: (editing: LiveEditing | null) => void;
  /** Hear every change as it comes (an open comment thread reloads itself). */
  onChange: (listener: (change: LiveChange) => void) => () => void;
};

const Context = createContext<LiveContext | null>(null);

/** The live context; null outside the desk layout (the sign-in page). */
export const useLive = () => useContext(Context);

/**
 * The part of the live desk that does not change while the page is open: what every entry (and
 * comment thread) of a panel uses. Entries read their own slice of presence and changes from
 * `entries` (useLiveEntry), so a status or presence update re-renders only the entries it
 * concerns, not all 50 of a panel (issue 16).
 */
export type LiveEvents = Pick<LiveContext, "userId" | "setEditing" | "onChange"> & { entries: LiveEntryStore };
const EventsContext = createContext<LiveEvents | null>(null);

/** The live desk's stable part; null outside the desk layout. */
export const useLiveEvents = () => useContext(EventsContext);

const HIGHLIGHT_MS = 4_000;
const UNSHOWN_MS = 60_000;
const HEARD_MARK = "storydesk-live-change";
const REFRESH_MARK = "storydesk-live-refresh";
const MIN_GAP_MS = 300;
const MAX_GAP_MS = 5_000;

const keyOfScope = (scope: LiveScope) => (scope === null ? "user" : "desk" in scope ? "desk" : `story:${scope.story}`);

export function LiveProvider({ userId, cursor, counts, children }: { userId: string; cursor: LiveCursor; counts: HeaderCounts; children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const [scope, setScopeState] = useState<LiveScope>(null);
  // What the page asked for last, at once: a page's effect runs before this provider's in the
  // same commit, so on a page's first load the stream would open for no scope and again, a
  // moment later, for the page's (one request opened and dropped per page load).
  const scopeAsked = useRef<LiveScope>(null);
  const setScope = useCallback((next: LiveScope) => {
    scopeAsked.current = next;
    setScopeState(next);
  }, []);
  const [presence, setPresence] = useState<LivePresence | null>(null);
  const [recent, setRecent] = useState<ReadonlyMap<string, Recent>>(new Map());
  const [editing, setEditingState] = useState<LiveEditing | null>(null);
  const [whileEditing, setWhileEditing] = useState<LiveContext["whileEditing"]>(null);
  const editingRef = useRef<LiveEditing | null>(null);
  const [released, setReleased] = useState(false);
  const [refreshing, startRefresh] = useTransition();
  const tabId = useMemo(() => crypto.randomUUID(), []);
  const cursorRef = useRef<LiveCursor>(cursor);
  const listeners = useRef(new Set<(change: LiveChange) => void>());
  const latest = useRef({ pathname, scope, counts });
  useEffect(() => {
    latest.current = { pathname, scope, counts };
  }, [pathname, scope, counts]);

  // --- Refreshing the page: coalesced (one at a time, the next once the last is done), held on request.
  // `heldFor`: an entry this tab is editing was deleted by someone else; refreshing would take
  // it (and the typed text) off the page, so changes wait until its form closes.
  const schedule = useRef({ timer: null as ReturnType<typeof setTimeout> | null, last: 0, gap: MIN_GAP_MS, heldFor: null as string | null, pending: false, started: 0, restore: () => {} });
  const refresh = useCallback(() => {
    const state = schedule.current;
    if (state.heldFor) {
      state.pending = true;
      return;
    }
    if (state.timer) return;
    const wait = Math.max(50, state.last + state.gap - Date.now());
    state.timer = setTimeout(() => {
      state.timer = null;
      state.last = state.started = Date.now();
      state.restore = keepScrollPosition();
      performance.clearMarks(REFRESH_MARK);
      performance.mark(REFRESH_MARK);
      startRefresh(() => router.refresh());
    }, wait);
  }, [router]);
  useEffect(() => {
    const state = schedule.current;
    if (!refreshing && state.started) {
      state.restore();
      // The next may start once this one is done: one refresh at a time, never more than ~3 a second.
      state.gap = Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, Date.now() - state.started));
      state.started = 0;
      // What this refresh brought onto the page is highlighted from now, however long it took.
      const shownAt = Date.now();
      setRecent((before) => (before.size && [...before.values()].some((change) => !change.shownAt) ? new Map([...before].map(([id, change]) => [id, change.shownAt ? change : { ...change, shownAt }])) : before));
    }
  }, [refreshing]);

  const onMessage = useCallback(
    (message: LiveMessage) => {
      const { pathname: path, scope: current, counts: shown } = latest.current;
      switch (message.event) {
        case "change": {
          const change = message.data;
          // When the last change was heard, for measuring (the e2e test reads it): one mark, replaced.
          performance.clearMarks(HEARD_MARK);
          performance.mark(HEARD_MARK, { detail: change.id });
          for (const listener of listeners.current) listener(change);
          if (change.actor.id !== userId) {
            const seen = { actor: change.actor, action: change.action, at: Date.now() };
            setRecent((before) => new Map(before).set(change.id, seen));
            if (editingRef.current?.id === change.id) {
              setWhileEditing({ ...seen, id: change.id });
              if (change.action === "delete") schedule.current.heldFor = change.id;
            }
          }
          if (pageShowsChange(path, change, current !== null && "desk" in current)) refresh();
          break;
        }
        case "hello": {
          const { unread, followUps, caughtUp } = message.data;
          if (caughtUp > 0 || unread !== shown.unread || followUps.open !== shown.followUps.open || followUps.overdue !== shown.followUps.overdue) refresh();
          break;
        }
        case "inbox":
        case "reset":
        case "revoked":
          refresh();
          break;
        case "presence":
          setPresence(message.data);
          break;
      }
    },
    [refresh, userId],
  );

  // --- The stream: one per scope; it follows the tab's visibility.
  const scopeKey = keyOfScope(scope);
  useEffect(() => {
    if (released) return;
    // The page asked for another scope in this same commit: the render that follows opens that one.
    if (keyOfScope(scopeAsked.current) !== scopeKey) return;
    const current = latest.current.scope;
    const params = new URLSearchParams();
    if (current && "story" in current) {
      params.set("story", current.story);
      params.set("tab", tabId);
      params.set("panel", current.place);
      cursorRef.current = { ...cursorRef.current, s: current.s };
    } else {
      if (current) params.set("desk", "1");
      cursorRef.current = { ...cursorRef.current, s: 0 };
    }
    const connection = new LiveConnection(`/api/live?${params}`, cursorRef.current, {
      onMessage: (message) => {
        cursorRef.current = connection.cursor;
        onMessage(message);
      },
      onStatus: setStatus,
      onRefused: () => refresh(),
    });
    // Opened once the page is idle, not inside hydration's effects (a fetch is a few ms of main
    // thread there: issue 16, TBT); what happens meanwhile is replayed from the page's cursor.
    const cancel = whenIdle(() => connection.start());
    return () => {
      cancel();
      connection.stop();
      setPresence(null);
    };
    // The stream is per scope (and per visibility), not per render of the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scopeKey, released, tabId]);

  // A tab hidden for a while lets go of its stream; shown again, it reconnects and catches up.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onVisibility = () => {
      if (timer) clearTimeout(timer);
      if (document.hidden) timer = setTimeout(() => setReleased(true), HIDDEN_RELEASE_MS);
      else setReleased(false);
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      if (timer) clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);

  // --- Presence: heartbeats with where this tab is and what it edits; a beacon as it closes.
  const story = scope && "story" in scope ? scope.story : null;
  const place = scope && "story" in scope ? scope.place : null;
  useEffect(() => {
    if (!story || !place || released) return;
    const beat = () =>
      sendAndForget("/api/live/presence", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ tabId, storyId: story, panel: place, editing }),
      });
    // The page's first beat waits until the browser is idle, not inside hydration's effects (issue
    // 16, TBT); a beat saying which entry this tab now edits goes at once.
    let cancel = () => {};
    if (editing) beat();
    else cancel = whenIdle(beat);
    const timer = setInterval(beat, HEARTBEAT_MS);
    return () => {
      cancel();
      clearInterval(timer);
    };
  }, [story, place, editing, released, tabId, status]);
  useEffect(() => {
    const leave = () => navigator.sendBeacon("/api/live/presence", new Blob([JSON.stringify({ tabId, leave: true })], { type: "application/json" }));
    window.addEventListener("pagehide", leave);
    return () => window.removeEventListener("pagehide", leave);
  }, [tabId]);

  // Highlights fade: entries changed by others and shown more than HIGHLIGHT_MS ago are
  // forgotten (on a slow refresh, counted from when the page showed them, not when heard).
  useEffect(() => {
    // One never shown (no refresh brought it) is dropped after a minute: it is no longer "just now".
    if (recent.size === 0) return;
    const fresh = (change: Recent) => (change.shownAt ? Date.now() - change.shownAt < HIGHLIGHT_MS : Date.now() - change.at < UNSHOWN_MS);
    const timer = setTimeout(
      () =>
        setRecent((before) => {
          const kept = [...before].filter(([, change]) => fresh(change));
          return kept.length === before.size ? before : new Map(kept);
        }),
      HIGHLIGHT_MS,
    );
    return () => clearTimeout(timer);
  }, [recent]);

  const setEditing = useCallback(
    (value: LiveEditing | null) => {
      editingRef.current = value;
      setEditingState(value);
      setWhileEditing(null);
      const state = schedule.current;
      if (state.heldFor && state.heldFor !== value?.id) {
        state.heldFor = null;
        if (state.pending) {
          state.pending = false;
          refresh();
        }
      }
    },
    [refresh],
  );

  const onChange = useCallback((listener: (change: LiveChange) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const context = useMemo<LiveContext>(
    () => ({ userId, status: released ? "stopped" : status, presence, recent, whileEditing, setScope, setEditing, onChange }),
    [userId, status, released, presence, recent, whileEditing, setScope, setEditing, onChange],
  );
  const [entries] = useState(() => createLiveEntryStore(userId));
  useEffect(() => entries.set({ presence, recent, whileEditing }), [entries, presence, recent, whileEditing]);
  const events = useMemo<LiveEvents>(() => ({ userId, setEditing, onChange, entries }), [userId, setEditing, onChange, entries]);

  return (
    <EventsContext.Provider value={events}>
      <Context.Provider value={context}>{children}</Context.Provider>
    </EventsContext.Provider>
  );
}
