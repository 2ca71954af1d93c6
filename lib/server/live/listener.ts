import "server-only";
import pg from "pg";
import { log, logUnexpected } from "@/lib/log";
import { LIVE_CHANNEL } from "./notices";

// One dedicated connection per app instance LISTENs on the live channel (not a connection of
// Prisma's pool: a pooled connection goes back to the pool and stops listening). It connects
// as the app's runtime role (LISTEN needs no privilege). When it drops, it comes back with a
// growing pause; `onConnect` then runs again, and the hub catches every subscriber up from the
// ledger (nothing said while it was away is lost: it is all in the ledger).

const MIN_PAUSE_MS = 250;
const MAX_PAUSE_MS = 5_000;

export type ListenerHandlers = {
  onNotice: (payload: string | undefined) => void;
  /** Listening (again): the first time, and after every reconnect. */
  onConnect: (again: boolean) => void;
  onDisconnect: () => void;
};

export class Listener {
  private client: pg.Client | null = null;
  private stopped = false;
  private pause = MIN_PAUSE_MS;
  private connectedOnce = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly connectionString: string,
    private readonly handlers: ListenerHandlers,
  ) {}

  start(): void {
    void this.connect();
  }

  get listening(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: "storydesk-live", keepAlive: true });
    client.on("notification", (message) => {
      if (message.channel === LIVE_CHANNEL) this.handlers.onNotice(message.payload);
    });
    const lost = () => {
      if (this.client !== client) return;
      this.client = null;
      client.removeAllListeners("notification");
      void client.end().catch(() => {});
      this.handlers.onDisconnect();
      this.retry();
    };
    client.on("error", lost);
    client.on("end", lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      client.on("error", () => {});
      void client.end().catch(() => {});
      if (!this.connectedOnce) logUnexpected("live.listen", error);
      this.retry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.pause = MIN_PAUSE_MS;
    const again = this.connectedOnce;
    this.connectedOnce = true;
    if (again) log.info({ event: "live_listen_again" }, "live events: listening again");
    this.handlers.onConnect(again);
  }

  private retry(): void {
    if (this.stopped || this.timer) return;
    const pause = this.pause;
    this.pause = Math.min(MAX_PAUSE_MS, this.pause * 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, pause);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
