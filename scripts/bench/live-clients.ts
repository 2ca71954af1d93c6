// The live part's instruments: what SSE clients of GET /api/live heard (the clients themselves,
// fetch + eventsource-parser as components/live/connection.ts, run in processes of their own:
// live-sse.ts, live-pool.ts), each signed in with a next-auth JWT and a session row of its own;
// the bare LISTEN connection; and an app instance's memory and CPU, read from /proc for its
// whole process tree.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { encode } from "next-auth/jwt";
import type pg from "pg";
import type { BenchUser } from "./generate";

export class LiveCheckError extends Error {}

/** The channel of the fan-out floor (live-floor.ts); its seqs start high, apart from any story's. */
export const FLOOR_CHANNEL = "bench_floor";
export const FLOOR_FIRST_SEQ = 1_000_000_000;

/** One `change` event as a client heard it: the story chain's seq, and when (performance.now()). */
export type Arrival = { seq: number; at: number };

export type SseClient = {
  instance: number;
  changes: Arrival[];
  /** Anything but hello/change/presence/tick (reset, revoked…): a check fails on it. */
  unexpected: string[];
  close: () => void;
  ended: Promise<void>;
  /** The clients opened together (live-pool.ts), closed together. */
  group?: number;
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

/** Revision notices of one story on the live channel, and bare pg_notify round trips, on a plain connection. */
export class BareListener {
  /** seq → when the notice arrived. */
  readonly revisions = new Map<number, number>();
  /** The floor's events (live-floor.ts): seq → when the bare listener heard its notification. */
  readonly floor = new Map<number, number>();
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
      else if (message.channel === FLOOR_CHANNEL) this.floor.set(Number(message.payload), at);
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
    await this.listen.query(`LISTEN ${FLOOR_CHANNEL}`);
  }

  /** One event for the floor's processes (autocommit, as a commit sends it); resolves when PostgreSQL answered. */
  async notifyFloor(seq: number): Promise<number> {
    await this.notify.query(`SELECT pg_notify('${FLOOR_CHANNEL}', $1)`, [String(seq)]);
    return performance.now();
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
