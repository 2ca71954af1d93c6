import "server-only";
import { db } from "@/lib/db";
import { PRESENCE_TTL_MS, type LiveEditing, type LivePresence } from "@/lib/live/protocol";
import type { TrackedKind } from "@/lib/entry-kinds/kinds";

// Presence: one row per browser tab in the UNLOGGED table live_presence. The instance that
// holds a tab's live stream adds the row when the stream opens and removes it when the stream
// ends (a tab closed: at once). The tab's own heartbeats (POST /api/live/presence, any instance)
// keep it fresh and say what it is editing; a row not heard from for PRESENCE_TTL_MS (a
// laptop asleep, a network gone, an instance killed) is ignored at once and swept soon after.
// Every change others would see fires a NOTIFY (the table's trigger), so every instance
// re-reads the story's presence and tells its own subscribers.

const ttl = `${PRESENCE_TTL_MS} milliseconds`;

export type PresenceTab = { tabId: string; streamId: string; sessionId: string; userId: string; storyId: string; panel: string };

/** The tab's stream opened (or moved to this story): keep what it was editing if it stays on the same story. */
export async function arrive(tab: PresenceTab): Promise<void> {
  await db().$executeRaw`
    INSERT INTO live_presence (tab_id, stream_id, session_id, user_id, story_id, panel)
    VALUES (${tab.tabId}::uuid, ${tab.streamId}::uuid, ${tab.sessionId}::uuid, ${tab.userId}::uuid, ${tab.storyId}::uuid, ${tab.panel})
    ON CONFLICT (tab_id) DO UPDATE SET
      stream_id = EXCLUDED.stream_id, panel = EXCLUDED.panel, seen_at = now(),
      editing_kind = CASE WHEN live_presence.story_id = EXCLUDED.story_id THEN live_presence.editing_kind END,
      editing_id = CASE WHEN live_presence.story_id = EXCLUDED.story_id THEN live_presence.editing_id END,
      story_id = EXCLUDED.story_id
    WHERE live_presence.user_id = EXCLUDED.user_id`;
}

/** The stream ended. A newer stream of the same tab (a reconnect that landed first) keeps the row. */
export async function leave(tabId: string, streamId: string): Promise<void> {
  await db().$executeRaw`DELETE FROM live_presence WHERE tab_id = ${tabId}::uuid AND stream_id = ${streamId}::uuid`;
}

/** The tab closed (its last words, a beacon): gone, whichever stream held it. */
export async function leaveTab(userId: string, tabId: string): Promise<void> {
  await db().$executeRaw`DELETE FROM live_presence WHERE tab_id = ${tabId}::uuid AND user_id = ${userId}::uuid`;
}

/**
 * A heartbeat, with where the tab is and what it is editing. Only the user's own tab, on the
 * story its stream was allowed to open. False when there is no such row (its stream has not
 * opened yet, or it expired): the next stream opens it.
 */
export async function heartbeat(userId: string, input: { tabId: string; storyId: string; panel: string; editing: LiveEditing | null }): Promise<boolean> {
  const count = await db().$executeRaw`
    UPDATE live_presence SET seen_at = now(), panel = ${input.panel},
           editing_kind = ${input.editing?.kind ?? null}, editing_id = ${input.editing?.id ?? null}::uuid
     WHERE tab_id = ${input.tabId}::uuid AND user_id = ${userId}::uuid AND story_id = ${input.storyId}::uuid`;
  return count > 0;
}

/** Removes what was not heard from in time; its trigger tells every instance. */
export async function sweep(): Promise<number> {
  return db().$executeRaw`DELETE FROM live_presence WHERE seen_at < now() - ${ttl}::interval`;
}

/** Who is on a story now (those still heard from), one line per person. The caller keeps only those who may still see it. */
export async function presenceOf(storyId: string): Promise<LivePresence> {
  const rows = await db().$queryRaw<{ user_id: string; name: string; panel: string; editing_kind: string | null; editing_id: string | null }[]>`
    SELECT p.user_id::text AS user_id, u.name, p.panel, p.editing_kind, p.editing_id::text AS editing_id
      FROM live_presence p JOIN users u ON u.id = p.user_id
     WHERE p.story_id = ${storyId}::uuid AND p.seen_at >= now() - ${ttl}::interval
     ORDER BY u.name, p.user_id`;
  const people = new Map<string, LivePresence["people"][number]>();
  for (const row of rows) {
    const person = people.get(row.user_id) ?? { user: { id: row.user_id, name: row.name }, panels: [], editing: [] };
    if (!person.panels.includes(row.panel)) person.panels.push(row.panel);
    if (row.editing_kind && row.editing_id && !person.editing.some((e) => e.id === row.editing_id)) {
      person.editing.push({ kind: row.editing_kind as TrackedKind, id: row.editing_id });
    }
    people.set(row.user_id, person);
  }
  return { story: storyId, people: [...people.values()] };
}
