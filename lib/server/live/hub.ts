import "server-only";
import { log, logUnexpected } from "@/lib/log";
import { isTrackedKind } from "@/lib/entry-kinds/kinds";
import { KEEPALIVE_MS, type LiveCursor, type LiveMessage } from "@/lib/live/protocol";
import { myFollowUpBadge } from "@/lib/server/follow-ups/badge";
import { unreadCount } from "@/lib/server/notifications/inbox";
import { Audience, followUpConcerns, mayHear, type AccountState, type StoryAudience } from "./audience";
import { catchUp } from "./catch-up";
import { encodeEvent, type EncodedEvent } from "./frames";
import { Listener } from "./listener";
import { parseNotice, type Notice, type RevisionNotice } from "./notices";
import * as presence from "./presence";

// The instance's fan-out: every notice the listener hears goes, in the order PostgreSQL
// committed them, to the subscribers (open streams) it may concern — each authorized at that
// moment (Audience). Nothing here holds content: a change is ids; what it looks like, the
// browser asks for through the usual pages and their checks. See ARCHITECTURE.md beside this.
//
// A notice's fan-out costs one pass over the streams: what is the same for all of them (the
// story's audience, the actor's name, the event serialised and encoded) is worked out once per
// notice; per stream only the rule (mayHear, on the cached audience, without awaiting) and the
// write of the shared bytes behind the stream's own id line remain.

const SWEEP_MS = 5_000;
const PRESENCE_DEBOUNCE_MS = 25;
const TICK = encodeEvent({ event: "tick", data: {} });

/** What a revision notice sends, worked out once for every stream it goes to (null: not a kind the desk tracks). */
type Prepared = { story: StoryAudience; event: EncodedEvent } | null;

export type Subscriber = {
  id: string;
  userId: string;
  sessionId: string;
  /** The account's session version when the stream opened: a password reset or a disable moves it. */
  sessionVersion: number;
  /** The story page's story, whose chain it follows exactly. */
  story: string | null;
  /** The desk home: every change of every story the user can see. */
  desk: boolean;
  tab: { tabId: string; panel: string } | null;
  cursor: LiveCursor;
  /** Notices heard while the stream catches up from the ledger, delivered after it (null: live). */
  buffered: Notice[] | null;
  /** Writes one encoded event behind the subscriber's cursor; false when the browser cannot keep up. */
  send: (event: EncodedEvent) => boolean;
  /** Ends the stream (the browser reconnects and catches up, unless told it was revoked). */
  end: () => void;
};

export class Hub {
  readonly audience = new Audience();
  private readonly subscribers = new Set<Subscriber>();
  private queue: Promise<void> = Promise.resolve();
  private listener: Listener | null = null;
  private lastRevisionId = 0;
  private presenceTimers = new Map<string, NodeJS.Timeout>();
  private timers: NodeJS.Timeout[] = [];
  private listening: Promise<void> | null = null;

  constructor(private readonly connectionString: string) {}

  get size(): number {
    return this.subscribers.size;
  }

  /** Starts listening on first use; resolves once the instance hears the channel. */
  private ensureListening(): Promise<void> {
    this.listening ??= new Promise<void>((resolve) => {
      this.listener = new Listener(this.connectionString, {
        onNotice: (payload) => {
          const notice = parseNotice(payload);
          if (notice) this.enqueue(() => this.handle(notice));
        },
        onConnect: (again) => {
          resolve();
          if (again) this.enqueue(async () => this.resyncAll());
        },
        onDisconnect: () => {},
      });
      this.listener.start();
      this.timers.push(setInterval(() => this.enqueue(async () => this.tick()), KEEPALIVE_MS));
      this.timers.push(setInterval(() => void presence.sweep().catch((error) => logUnexpected("live.sweep", error)), SWEEP_MS));
      for (const timer of this.timers) timer.unref();
    });
    return this.listening;
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error) => logUnexpected("live.hub", error));
  }

  /** A stream opened: listen, catch it up from its cursor, then deliver live. */
  async subscribe(subscriber: Subscriber): Promise<void> {
    await this.ensureListening();
    subscriber.buffered = [];
    this.subscribers.add(subscriber);
    if (subscriber.story && subscriber.tab) {
      await presence.arrive({ ...subscriber.tab, streamId: subscriber.id, sessionId: subscriber.sessionId, userId: subscriber.userId, storyId: subscriber.story });
    }
    await this.catchUp(subscriber);
  }

  /** The stream ended (the browser went, or we ended it). */
  unsubscribe(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (subscriber.story && subscriber.tab) void presence.leave(subscriber.tab.tabId, subscriber.id).catch((error) => logUnexpected("live.leave", error));
  }

  private async catchUp(subscriber: Subscriber): Promise<void> {
    const caught = await catchUp(this.audience, { userId: subscriber.userId, story: subscriber.story, desk: subscriber.desk }, subscriber.cursor);
    const [unread, followUps] = await Promise.all([unreadCount({ id: subscriber.userId, role: (await this.audience.account(subscriber.userId))?.role ?? "reporter" }), myFollowUpBadge({ id: subscriber.userId })]);
    this.enqueue(async () => {
      if (!this.subscribers.has(subscriber)) return;
      const buffered = subscriber.buffered ?? [];
      subscriber.buffered = null;
      if (caught.reset) {
        subscriber.cursor = caught.cursor;
        this.write(subscriber, { event: "reset", data: { reason: caught.reset } });
      } else {
        for (const notice of caught.notices) await this.deliverRevision(subscriber, notice, await this.prepare(notice, true));
        subscriber.cursor = { ...caught.cursor, s: Math.max(subscriber.cursor.s, caught.cursor.s), r: Math.max(subscriber.cursor.r, caught.cursor.r) };
        if (caught.inbox !== null) this.write(subscriber, { event: "inbox", data: { seq: caught.inbox } });
      }
      this.write(subscriber, { event: "hello", data: { unread, followUps, caughtUp: caught.notices.length } });
      for (const notice of buffered) await this.deliver(subscriber, notice);
      if (subscriber.story) await this.sendPresence(subscriber.story, [subscriber]);
    });
  }

  private async resyncAll(): Promise<void> {
    this.audience.forgetAll();
    for (const subscriber of this.subscribers) {
      subscriber.buffered = [];
      void this.catchUp(subscriber).catch(() => subscriber.end());
    }
  }

  private async handle(notice: Notice): Promise<void> {
    if (notice.t === "r") {
      if (notice.c === "desk") {
        if (notice.k === "user") await this.accountChanged(notice.e);
      } else if (notice.k === "member" || notice.k === "story") {
        this.audience.storyChanged(notice.c);
      }
    }
    if (notice.t === "p") {
      this.schedulePresence(notice.s);
      return;
    }
    const concerned = notice.t === "r" && notice.k === "follow_up" ? await followUpConcerns(notice.e, notice.s) : null;
    const prepared = notice.t === "r" && notice.c !== "desk" ? await this.prepare(notice, false) : null;
    for (const subscriber of [...this.subscribers]) {
      if (!this.mayConcern(subscriber, notice, concerned)) continue;
      if (subscriber.buffered) subscriber.buffered.push(notice);
      else if (notice.t === "r") {
        // Awaited only when an account had to be looked up: an await per stream would cost a promise each.
        const pending = this.deliverRevision(subscriber, notice, prepared);
        if (pending) await pending;
      } else await this.deliver(subscriber, notice);
    }
    if (notice.t === "r") this.lastRevisionId = Math.max(this.lastRevisionId, notice.id);
  }

  private mayConcern(subscriber: Subscriber, notice: Notice, concerned: Set<string> | null): boolean {
    switch (notice.t) {
      case "r":
        return notice.c !== "desk" && (subscriber.story === notice.c || subscriber.desk || Boolean(concerned?.has(subscriber.userId)));
      case "n":
        return subscriber.userId === notice.u;
      case "x":
        return subscriber.sessionId === notice.id;
      default:
        return false;
    }
  }

  /** A notice heard while the subscriber caught up, or one not about a revision. */
  private async deliver(subscriber: Subscriber, notice: Notice): Promise<void> {
    if (notice.t === "r") {
      const concerns = notice.k === "follow_up" && !subscriber.desk && subscriber.story !== notice.c ? await followUpConcerns(notice.e, notice.s) : null;
      if (this.mayConcern(subscriber, notice, concerns)) await this.deliverRevision(subscriber, notice, await this.prepare(notice, false));
    } else if (notice.t === "n") {
      if (notice.q !== null && notice.q <= subscriber.cursor.n) return;
      if (notice.q !== null) subscriber.cursor = { ...subscriber.cursor, n: notice.q };
      this.write(subscriber, { event: "inbox", data: { seq: notice.q } });
    } else if (notice.t === "x") {
      this.revoke(subscriber, "session");
    }
  }

  /** Once per notice: the story's audience now (after any change of its team the notice itself carried) and the event's bytes. */
  private async prepare(notice: RevisionNotice, replayed: boolean): Promise<Prepared> {
    const kind = notice.k;
    if (!isTrackedKind(kind)) return null;
    const [story, actor] = await Promise.all([this.audience.story(notice.c), this.audience.actor(notice.u)]);
    const event = encodeEvent({ event: "change", data: { story: notice.c, seq: notice.s, kind, id: notice.e, action: notice.a, actor, ...(replayed ? { replayed } : {}) } });
    return { story, event };
  }

  /**
   * One change to one subscriber: skipped if already had, refused if the user may no longer see
   * the story. Synchronous when the account is known (the fan-out's usual case); a promise
   * only when it must be looked up first.
   */
  private deliverRevision(subscriber: Subscriber, notice: RevisionNotice, prepared: Prepared): Promise<void> | void {
    if (!prepared) return;
    const ownStory = subscriber.story === notice.c;
    if (ownStory ? notice.s <= subscriber.cursor.s : notice.id <= subscriber.cursor.r) return;
    const account = this.audience.knownAccount(subscriber.userId);
    if (account === undefined) return this.audience.account(subscriber.userId).then((looked) => this.sendRevision(subscriber, notice, prepared, looked));
    this.sendRevision(subscriber, notice, prepared, account);
  }

  private sendRevision(subscriber: Subscriber, notice: RevisionNotice, prepared: NonNullable<Prepared>, account: AccountState | null): void {
    const ownStory = subscriber.story === notice.c;
    if (!mayHear(subscriber.userId, account, prepared.story)) {
      if (ownStory) this.revoke(subscriber, "access");
      return;
    }
    subscriber.cursor = ownStory ? { ...subscriber.cursor, s: notice.s } : { ...subscriber.cursor, r: notice.id };
    this.send(subscriber, prepared.event);
  }

  /** An account changed (disabled, password reset, role): its streams end if its sessions no longer hold. */
  private async accountChanged(userId: string): Promise<void> {
    this.audience.accountChanged(userId);
    const account = await this.audience.account(userId);
    for (const subscriber of [...this.subscribers]) {
      if (subscriber.userId !== userId) continue;
      if (!account?.active || account.sessionVersion !== subscriber.sessionVersion) this.revoke(subscriber, "session");
    }
  }

  private write(subscriber: Subscriber, message: LiveMessage): void {
    this.send(subscriber, encodeEvent(message));
  }

  private send(subscriber: Subscriber, event: EncodedEvent): void {
    if (!subscriber.send(event)) this.close(subscriber);
  }

  private revoke(subscriber: Subscriber, reason: "access" | "session"): void {
    subscriber.send(encodeEvent({ event: "revoked", data: { reason } }));
    this.close(subscriber);
  }

  private close(subscriber: Subscriber): void {
    this.unsubscribe(subscriber);
    subscriber.end();
  }

  /** Keep-alive; it also moves each cursor past what this instance heard that was not for it. */
  private async tick(): Promise<void> {
    for (const subscriber of this.subscribers) {
      if (subscriber.buffered) continue;
      subscriber.cursor = { ...subscriber.cursor, r: Math.max(subscriber.cursor.r, this.lastRevisionId) };
      this.send(subscriber, TICK);
    }
  }

  private schedulePresence(storyId: string): void {
    if (this.presenceTimers.has(storyId)) return;
    const timer = setTimeout(() => {
      this.presenceTimers.delete(storyId);
      this.enqueue(() => this.sendPresence(storyId));
    }, PRESENCE_DEBOUNCE_MS);
    this.presenceTimers.set(storyId, timer);
  }

  /** Who is on the story, to its subscribers here: only people who may still see it are named. */
  private async sendPresence(storyId: string, only?: Subscriber[]): Promise<void> {
    const targets = (only ?? [...this.subscribers]).filter((subscriber) => subscriber.story === storyId && !subscriber.buffered);
    if (targets.length === 0) return;
    const now = await presence.presenceOf(storyId);
    const allowed = await Promise.all(now.people.map((person) => this.audience.maySee(person.user.id, storyId)));
    const people = now.people.filter((_, i) => allowed[i]);
    const event = encodeEvent({ event: "presence", data: { story: storyId, people } });
    for (const subscriber of targets) {
      if (await this.audience.maySee(subscriber.userId, storyId)) this.send(subscriber, event);
    }
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const timer of this.presenceTimers.values()) clearTimeout(timer);
    for (const subscriber of [...this.subscribers]) this.close(subscriber);
    await this.listener?.stop();
    this.listening = null;
  }
}

const globalForHub = globalThis as unknown as { storydeskLiveHub?: Hub; storydeskLiveStopping?: boolean };

/** The process is shutting down: no new stream opens here (the browser retries, elsewhere or later). */
export const liveStopping = () => globalForHub.storydeskLiveStopping === true;

/**
 * The process is asked to stop (SIGTERM, SIGINT): end every live stream now. `next start`
 * closes its server and waits for open responses to finish; a stream never does by itself, so
 * without this an instance with open tabs would take minutes to stop. The browsers reconnect
 * (to another instance, or this one restarted) and catch up from the ledger.
 */
export function endLiveStreamsOnShutdown(): void {
  const end = () => {
    globalForHub.storydeskLiveStopping = true;
    const hub = globalForHub.storydeskLiveHub;
    if (!hub) return;
    log.info({ event: "live_shutdown", streams: hub.size }, "live events: ending the open streams (shutting down)");
    void hub.stop().catch(() => {});
  };
  process.once("SIGTERM", end);
  process.once("SIGINT", end);
}

/** This process's hub (one LISTEN connection per instance), made on first use. */
export function liveHub(): Hub {
  if (!globalForHub.storydeskLiveHub) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set");
    globalForHub.storydeskLiveHub = new Hub(connectionString);
  }
  return globalForHub.storydeskLiveHub;
}
