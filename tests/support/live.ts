// A live stream as a browser would hold it, opened through the same function as GET /api/live
// (the session is supplied; the stream, the hub, the listener and the database are real).
import { randomUUID } from "node:crypto";
import { createParser } from "eventsource-parser";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/server/access";
import { openLiveStream, type LiveRequest } from "@/lib/server/live/stream";
import { parseCursor, type LiveCursor, type LiveEventName } from "@/lib/live/protocol";

export type Heard = { event: LiveEventName; data: Record<string, unknown>; cursor: LiveCursor | null; raw: string };

export type LiveClient = {
  /** Everything heard so far, in order. */
  heard: Heard[];
  /** The next event (of this name, matching), heard after the last one returned: waits up to `ms`. */
  next: (event: LiveEventName, match?: (heard: Heard) => boolean, ms?: number) => Promise<Heard>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close: () => void;
  sessionId: string;
};

/** A session row for this user, as signing in makes one. */
export async function startSession(user: SessionUser): Promise<string> {
  const id = randomUUID();
  await db().$executeRaw`INSERT INTO sessions (id, user_id, device_id, user_agent) VALUES (${id}::uuid, ${user.id}::uuid, gen_random_uuid(), 'vitest')`;
  return id;
}

export async function listen(user: SessionUser, request: Partial<LiveRequest> & { sessionId?: string } = {}): Promise<LiveClient> {
  const sessionId = request.sessionId ?? (await startSession(user));
  const abort = new AbortController();
  const response = await openLiveStream(
    { ...user, sessionId },
    { story: request.story ?? null, desk: request.desk ?? false, tabId: request.tabId ?? null, panel: request.panel ?? "overview", cursor: request.cursor ?? null },
    abort.signal,
  );
  const heard: Heard[] = [];
  const waiters: Array<() => void> = [];
  const parser = createParser({
    onEvent: (message) => {
      heard.push({ event: message.event as LiveEventName, data: JSON.parse(message.data) as Record<string, unknown>, cursor: parseCursor(message.id), raw: message.data });
      for (const wake of waiters.splice(0)) wake();
    },
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    for (const wake of waiters.splice(0)) wake();
  })();
  let position = 0;
  let over = false;
  void ended.then(() => (over = true));
  const next: LiveClient["next"] = async (event, match = () => true, ms = 5_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      while (position < heard.length) {
        const candidate = heard[position++]!;
        if (candidate.event === event && match(candidate)) return candidate;
      }
      if (over) throw new Error(`the stream ended before a "${event}" event`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no "${event}" event within ${ms} ms (heard: ${heard.map((h) => h.event).join(", ")})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return { heard, next, ended, close: () => abort.abort(), sessionId };
}
