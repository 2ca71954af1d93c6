import "server-only";
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import { parseCursor, type LiveCursor } from "@/lib/live/protocol";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { startingCursor } from "./catch-up";
import { frame } from "./frames";
import { liveHub, liveStopping, type Subscriber } from "./hub";

// GET /api/live: one Server-Sent Events stream per browser tab. SSE rather than WebSocket: the
// traffic is one way (a tab's few messages — presence — are ordinary POSTs any instance takes),
// it is plain HTTP through any proxy or load balancer, `next start` serves it as it is, and the
// browser's reconnect-with-Last-Event-ID is exactly the resume the ledger makes possible.

/** A stream is re-authorized this often: it ends and the browser reconnects (and catches up). */
const LIFETIME_MS = 10 * 60_000;
/** What a browser that stopped reading may have queued before its stream is dropped. */
const MAX_QUEUED_BYTES = 512 * 1024;

export type LiveRequest = { story: string | null; desk: boolean; tabId: string | null; panel: string; cursor: LiveCursor | null };

const encoder = new TextEncoder();

/** The cursor a browser resumes from: its EventSource's Last-Event-ID, else the page's own, else now. */
export function resumeCursor(request: Request, fromQuery: string | null): LiveCursor | null {
  return parseCursor(request.headers.get("last-event-id")) ?? parseCursor(fromQuery);
}

/**
 * How many turns of the event loop a stream waits for Next to have sent its headers and first
 * bytes before it writes to the response directly (raw-response.ts); past them it stays on the
 * web stream.
 */
const DIRECT_TURNS = 1_000;

export async function openLiveStream(user: SessionUser, live: LiveRequest, signal: AbortSignal, raw: ServerResponse | null = null): Promise<Response> {
  if (!user.sessionId) throw new AppError("UNAUTHENTICATED");
  // Shutting down: a browser reusing its kept-alive connection must not hold this process open.
  if (liveStopping()) return new Response(null, { status: 503, headers: { Connection: "close", "Retry-After": "1" } });
  // A story the user may not see is a 404, as everywhere.
  if (live.story) await storyAccessFor(user, live.story, "reader");
  const hub = liveHub();
  const account = await hub.audience.account(user.id);
  if (!account?.active) throw new AppError("UNAUTHENTICATED");
  const cursor = live.cursor ?? (await startingCursor(user.id, live.story));

  let subscriber: Subscriber | null = null;
  let lifetime: NodeJS.Timeout | null = null;
  const finish = () => {
    if (lifetime) clearTimeout(lifetime);
    if (subscriber) hub.unsubscribe(subscriber);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let open = true;
        // Events go through the web stream until Next has written everything enqueued so far
        // (headers sent, nothing queued, checked a turn later: the pipe writes within the turn's
        // microtasks); from then on, straight to the response, in the same order.
        let direct = false;
        if (raw) {
          let turns = 0;
          const tryDirect = () => {
            if (!open || raw.writableEnded || raw.destroyed) return;
            if (raw.headersSent && controller.desiredSize === 0) direct = true;
            else if (++turns < DIRECT_TURNS) setImmediate(tryDirect);
          };
          setImmediate(tryDirect);
        }
        const end = () => {
          if (!open) return;
          open = false;
          finish();
          try {
            controller.close();
          } catch {
            // already closed by the browser going away
          }
        };
        const sub: Subscriber = {
          id: randomUUID(),
          userId: user.id,
          sessionId: user.sessionId!,
          sessionVersion: account.sessionVersion,
          story: live.story,
          desk: live.desk,
          tab: live.story && live.tabId ? { tabId: live.tabId, panel: live.panel } : null,
          cursor,
          buffered: null,
          send: (event) => {
            if (!open) return false;
            if (direct && raw) {
              if (raw.writableEnded || raw.destroyed) return false;
              raw.write(frame(sub.cursor, event));
              return raw.writableLength <= MAX_QUEUED_BYTES;
            }
            controller.enqueue(frame(sub.cursor, event));
            return (controller.desiredSize ?? 0) > -MAX_QUEUED_BYTES;
          },
          end,
        };
        subscriber = sub;
        // Reconnect after 1 s if the connection drops; the comment line makes proxies send the headers now.
        controller.enqueue(encoder.encode(`retry: 1000\n: live\n\n`));
        signal.addEventListener("abort", end, { once: true });
        lifetime = setTimeout(end, LIFETIME_MS + Math.floor(Math.random() * 60_000));
        lifetime.unref();
        hub.subscribe(sub).catch(() => end());
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 0, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: a compressing proxy (or Next's own gzip) would hold events back.
      "Cache-Control": "private, no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
