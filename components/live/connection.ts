import { createParser } from "eventsource-parser";
import { STALE_MS, formatCursor, parseCursor, type LiveCursor, type LiveMessage } from "@/lib/live/protocol";

// The browser's end of GET /api/live: a fetch read as Server-Sent Events (not EventSource:
// it cannot tell "signed out" or "not allowed" from a network error, nor set Last-Event-ID on
// its first request). It reconnects by itself with a growing pause, always from the cursor of
// the last event it heard, so that the server replays what was missed from the ledger.

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "stopped";

export type ConnectionHandlers = {
  onMessage: (message: LiveMessage) => void;
  onStatus: (status: ConnectionStatus) => void;
  /** The server said no (signed out, or the story is not this user's any more): the page should reload. */
  onRefused: (status: number) => void;
};

const MAX_PAUSE_MS = 10_000;

export class LiveConnection {
  private abort: AbortController | null = null;
  private stopped = false;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly url: string,
    public cursor: LiveCursor,
    private readonly handlers: ConnectionHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort?.abort();
    this.handlers.onStatus("stopped");
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.handlers.onStatus(this.failures === 0 ? "connecting" : "reconnecting");
      const abort = new AbortController();
      this.abort = abort;
      let stale: ReturnType<typeof setTimeout> | null = null;
      // Nothing heard for STALE_MS (the server speaks every KEEPALIVE_MS): the connection is dead.
      const alive = () => {
        if (stale) clearTimeout(stale);
        stale = setTimeout(() => abort.abort(), STALE_MS);
      };
      try {
        alive();
        const response = await fetch(this.url, { headers: { Accept: "text/event-stream", "Last-Event-ID": formatCursor(this.cursor) }, signal: abort.signal, cache: "no-store" });
        if (response.status === 401 || response.status === 403 || response.status === 404) {
          this.stopped = true;
          this.handlers.onStatus("stopped");
          this.handlers.onRefused(response.status);
          return;
        }
        if (!response.ok || !response.body) throw new Error(`live stream answered ${response.status}`);
        const parser = createParser({
          onEvent: (event) => {
            const cursor = parseCursor(event.id);
            if (cursor) this.cursor = cursor;
            let data: unknown;
            try {
              data = JSON.parse(event.data);
            } catch {
              return;
            }
            if (event.event === "hello") {
              this.failures = 0;
              this.handlers.onStatus("live");
            }
            this.handlers.onMessage({ event: event.event, data } as LiveMessage);
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          alive();
          parser.feed(value);
        }
      } catch {
        // a network error, a dead connection, or stop(): decided below
      } finally {
        if (stale) clearTimeout(stale);
      }
      if (this.stopped) return;
      this.failures++;
      this.handlers.onStatus("reconnecting");
      // The first retry is quick (a stream's planned end, an instance restarting); then slower, with jitter.
      const pause = Math.min(MAX_PAUSE_MS, 500 * 2 ** Math.min(this.failures - 1, 5)) * (0.75 + Math.random() / 2);
      await new Promise<void>((resolve) => {
        this.timer = setTimeout(resolve, pause);
      });
    }
  }
}
