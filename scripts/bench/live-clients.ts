// The live part's instruments: SSE clients of GET /api/live as a browser tab holds them (fetch +
// eventsource-parser, like components/live/connection.ts and tests/support/live.ts), signed in
// with a next-auth JWT and a session row of their own; the bare LISTEN connection; and an app
// instance's memory and CPU, read from /proc for its whole process tree.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { createParser } from "eventsource-parser";
import { encode } from "next-auth/jwt";
import type pg from "pg";
import type { BenchUser } from "./generate";

export class LiveCheckError extends Error {}

/** One `change` event as a client heard it: the story chain's seq, and when (performance.now()). */
export type Arrival = { seq: number; at: number };

export type SseClient = {
  instance: number;
  changes: Arrival[];
  /** Anything but hello/change/presence/tick (reset, revoked…): a check fails on it. */
  unexpected: string[];
  close: () => void;
  ended: Promise<void>;
};

/** Counts arrivals per seq over all clients, so a round can wait until every client has one. */
export class ArrivalBoard {
  private counts = new Map<number, number>();
  private waiters: Array<() => void> = [];

  heard(seq: number): void {
    this.counts.set(seq, (this.counts.get(seq) ?? 0) + 1);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when `clients` arrivals of `seq` were heard; rejects after `ms`. */
  async all(seq: number, clients: number, ms: number): Promise<void> {
    const deadline = performance.now() + ms;
    while ((this.counts.get(seq) ?? 0) < clients) {
      const left = deadline - performance.now();
      if (left <= 0) throw new LiveCheckError(`seq ${seq}: ${this.counts.get(seq) ?? 0} of ${clients} clients got the event within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/** A session row as signing in makes one, and the cookie next-auth would set for it (plain http). */
export async function signIn(owner: pg.Client, user: BenchUser, secret: string): Promise<string> {
  const sid = randomUUID();
  await owner.query(`INSERT INTO sessions (id, user_id, device_id, user_agent) VALUES ($1::uuid, $2::uuid, gen_random_uuid(), 'storydesk-bench')`, [sid, user.id]);
  const token = await encode({ token: { sub: user.id, uid: user.id, sv: 1, sid, name: user.name, email: user.email }, secret, maxAge: 12 * 60 * 60 });
  return `next-auth.session-token=${token}`;
}

/** Opens a story's stream; resolves once the stream said hello (caught up, live from here). */
export async function subscribe(base: string, instance: number, storyId: string, cookie: string, board: ArrivalBoard): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(`${base}/api/live?story=${storyId}`, { headers: { cookie, accept: "text/event-stream" }, signal: abort.signal, redirect: "manual" });
  if (response.status !== 200 || !response.body) throw new LiveCheckError(`GET /api/live on instance ${instance} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const client: SseClient = { instance, changes: [], unexpected: [], close: () => abort.abort(), ended: Promise.resolve() };
  let helloHeard: () => void = () => {};
  const hello = new Promise<void>((resolve) => (helloHeard = resolve));
  const parser = createParser({
    onEvent: (message) => {
      if (message.event === "change") {
        const at = performance.now();
        const seq = (JSON.parse(message.data) as { seq: number }).seq;
        client.changes.push({ seq, at });
        board.heard(seq);
      } else if (message.event === "hello") helloHeard();
      else if (message.event !== "presence" && message.event !== "tick") client.unexpected.push(`${message.event} ${message.data}`);
    },
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  client.ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    helloHeard();
  })();
  await Promise.race([hello, new Promise((_, reject) => setTimeout(() => reject(new LiveCheckError(`no hello from instance ${instance} within 30 s`)), 30_000))]);
  return client;
}

/** Opens `count` streams, `parallel` at a time, spread over the instances in turn. */
export async function subscribeMany(
  bases: string[],
  storyId: string,
  cookies: string[],
  count: number,
  board: ArrivalBoard,
  parallel = 20,
): Promise<SseClient[]> {
  const clients: SseClient[] = new Array<SseClient>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, count) }, async () => {
      while (next < count) {
        const i = next++;
        clients[i] = await subscribe(bases[i % bases.length]!, i % bases.length, storyId, cookies[i % cookies.length]!, board);
      }
    }),
  );
  return clients;
}

export async function closeAll(clients: SseClient[]): Promise<void> {
  for (const client of clients) client.close();
  await Promise.all(clients.map((client) => client.ended));
}

/** Revision notices of one story on the live channel, and bare pg_notify round trips, on a plain connection. */
export class BareListener {
  /** seq → when the notice arrived. */
  readonly revisions = new Map<number, number>();
  private seqs: number[] = [];
  private pings = new Map<string, (at: number) => void>();
  private wake: (() => void) | null = null;

  constructor(
    private readonly listen: pg.Client,
    private readonly notify: pg.Client,
    private readonly storyId: string,
  ) {
    listen.on("notification", (message) => {
      const at = performance.now();
      if (message.channel === "bench_live") this.pings.get(message.payload ?? "")?.(at);
      else if (message.channel === "storydesk_live") {
        const notice = JSON.parse(message.payload ?? "{}") as { t?: string; c?: string; s?: number | string };
        if (notice.t !== "r" || notice.c !== storyId) return;
        this.revisions.set(Number(notice.s), at);
        this.seqs.push(Number(notice.s));
        this.wake?.();
      }
    });
  }

  async start(): Promise<void> {
    await this.listen.query("LISTEN storydesk_live");
    await this.listen.query("LISTEN bench_live");
  }

  /** The next revision notice of the story (in commit order). */
  async nextSeq(ms = 10_000): Promise<number> {
    const deadline = performance.now() + ms;
    while (!this.seqs.length) {
      if (performance.now() > deadline) throw new LiveCheckError(`no revision notice on storydesk_live within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.seqs.shift()!;
  }

  /** One bare round trip: `SELECT pg_notify` (autocommit) issued → heard on the LISTEN connection (ms). */
  async ping(ms = 5_000): Promise<number> {
    const payload = randomUUID();
    const heard = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new LiveCheckError(`bare pg_notify not heard within ${ms} ms`)), ms);
      this.pings.set(payload, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
    const start = performance.now();
    await this.notify.query("SELECT pg_notify('bench_live', $1)", [payload]);
    const at = await heard;
    this.pings.delete(payload);
    return at - start;
  }
}

/** A process and its descendants. */
function tree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  const pids = [root];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of parents) if (ppid === pids[i]) pids.push(pid);
  return pids;
}

/** RSS (bytes) and CPU time (ms, user + system) of an instance's process tree. */
export function usage(root: number): { rss: number; cpuMs: number } {
  let rss = 0;
  let ticks = 0;
  for (const pid of tree(root)) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15 of stat)
    } catch {
      // gone
    }
  }
  return { rss, cpuMs: ticks * 10 }; // USER_HZ is 100 on Linux
}
