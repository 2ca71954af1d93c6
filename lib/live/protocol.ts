// What the live stream (GET /api/live) says to a browser, shared by the server that writes it
// and the browser that reads it. No imports beyond the registry: the browser loads this.
// See lib/server/live/ARCHITECTURE.md.
import { TRACKED_KINDS, type TrackedKind } from "@/lib/entry-kinds/kinds";

/**
 * Where a browser is in what it has seen, carried as each event's SSE id (so a reconnecting
 * EventSource sends it back as Last-Event-ID):
 * - `s`: the last sequence number of the story's chain (a story page's stream), exact;
 * - `r`: the last revision id considered for the rest (the desk home's stories, follow-ups of
 *   other stories that concern the user);
 * - `n`: the last of the user's notifications (their `seq`).
 */
export type LiveCursor = { s: number; r: number; n: number };

export const formatCursor = (cursor: LiveCursor) => `${cursor.s}.${cursor.r}.${cursor.n}`;

const CURSOR = /^(\d{1,15})\.(\d{1,15})\.(\d{1,15})$/;

export function parseCursor(text: string | null | undefined): LiveCursor | null {
  const match = CURSOR.exec(text ?? "");
  return match ? { s: Number(match[1]), r: Number(match[2]), n: Number(match[3]) } : null;
}

/** The person who made a change, as any member of the story may see them named. */
export type LiveActor = { id: string; name: string };

/** A committed change on a story: ids, never content. What it looks like now, the browser asks for (through the usual checks). */
export type LiveChange = {
  story: string;
  seq: number;
  kind: TrackedKind;
  id: string;
  action: "create" | "update" | "delete" | "restore";
  actor: LiveActor;
  /** Replayed from the ledger after a reconnect rather than heard live. */
  replayed?: boolean;
};

/** Who is on a story: one line per person, with the panels they have open and what they are editing there. */
export type LivePresence = {
  story: string;
  people: Array<{ user: LiveActor; panels: string[]; editing: LiveEditing[] }>;
};

/** What a tab is editing: an entry's form, or the story's memo. */
export type LiveEditing = { kind: TrackedKind; id: string };

/** The first thing a stream says (after any catch-up): the counts the header shows, to compare. */
export type LiveHello = { unread: number; followUps: { open: number; overdue: number }; caughtUp: number };

export type LiveMessage =
  | { event: "hello"; data: LiveHello }
  | { event: "change"; data: LiveChange }
  /** The user's inbox changed (a new notification, or read elsewhere). */
  | { event: "inbox"; data: { seq: number | null } }
  | { event: "presence"; data: LivePresence }
  /** More was missed than the ledger replays in one go, or the cursor is from another desk: reload the view. */
  | { event: "reset"; data: { reason: "gap" | "unknown" } }
  /** The user may no longer see this story (removed, story deleted), or their session ended. */
  | { event: "revoked"; data: { reason: "access" | "session" } }
  /** Nothing happened; the stream is alive (and the cursor moved past what was not for this user). */
  | { event: "tick"; data: Record<string, never> };

export type LiveEventName = LiveMessage["event"];

/** How often a tab says it is still there; presence not heard from for PRESENCE_TTL_MS is gone. */
export const HEARTBEAT_MS = 8_000;
export const PRESENCE_TTL_MS = 20_000;
/** The server speaks at least this often; a browser that hears nothing for STALE_MS reconnects. */
export const KEEPALIVE_MS = 15_000;
export const STALE_MS = 40_000;
/** A hidden tab lets go of its stream (and its presence) after this; shown again, it catches up. */
export const HIDDEN_RELEASE_MS = 60_000;

/** The kinds an editing hint may name: every tracked kind (the memo is the story's). */
export const isLiveEditingKind = (value: unknown): value is TrackedKind => typeof value === "string" && (TRACKED_KINDS as readonly string[]).includes(value);
