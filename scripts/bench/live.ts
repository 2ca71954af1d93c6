// The live desk (issue 14): two real app instances (`next start`, as the render part starts one)
// on the bench database, real SSE clients of GET /api/live signed in as the story's members,
// edits written in-process through the domain (updateQuote), each event's arrival timestamped
// per client. Beside it, in the same run: the bare `pg_notify` → `LISTEN` round trip on plain
// connections to the same database, and the same edit with no subscriber at all.
// Every answer is checked: every client must get every change, once, in commit order.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { connect } from "./cluster";
import type { Scale } from "./config";
import { editQuote, loadQuotes, type QuoteSeed } from "./edits";
import type { BenchUser } from "./generate";
import { ArrivalBoard, BareListener, FLOOR_FIRST_SEQ, LiveCheckError, signIn, usage, type SseClient } from "./live-clients";
import { ClientPool, startFloor } from "./live-pool";
import { startApp } from "./render";
import { metric, say, summarize, timed, type Metric, type Summary } from "./stats";

export { LiveCheckError };

/** Issue 14's budgets. */
export const LIVE_BUDGETS = { propagationP95Ms: 250, propagationBareRatio: 3, subscribersEditRatio: 1.2 } as const;

/**
 * clients: the propagation budget's 100, over two instances; rounds: edits each client must
 * hear; subscribers: the cost budget's 500 on one instance; editBlock: edits in each of the two
 * blocks without subscribers (the block with them has twice as many, between them); idleMs: a
 * CPU window (longer than the 15 s keepalive); tenX: rounds with 1,000 clients (0: not run).
 */
const SIZES = {
  full: { clients: 100, rounds: 60, subscribers: 500, editBlock: 40, idleMs: 16_000, tenX: 20 },
  small: { clients: 100, rounds: 15, subscribers: 500, editBlock: 12, idleMs: 16_000, tenX: 0 },
} as const;
const WARMUP = 3;
const PAUSE_MS = 20;
const ARRIVAL_MS = 15_000;

type Story = { id: string; lead: BenchUser; members: BenchUser[] };

type Context = {
  board: ArrivalBoard;
  pool: ClientPool;
  listener: BareListener;
  updateQuote: Parameters<typeof editQuote>[0];
  lead: BenchUser;
  seeds: QuoteSeed[];
  edits: number;
  floorEvents: number;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One domain edit of the next seed (its words alternate, so every edit records a revision); resolves with its commit's seq. */
async function edit(context: Context, reason: string): Promise<{ ms: number; committedAt: number; seq: number }> {
  const { seeds } = context;
  const n = context.edits++;
  const seed = seeds[n % seeds.length]!;
  const visit = Math.floor(n / seeds.length);
  const { ms } = await timed(() => editQuote(context.updateQuote, context.lead, seed, visit % 2 === 0 ? `${seed.text} [live]` : seed.text, reason));
  const committedAt = performance.now();
  return { ms, committedAt, seq: await context.listener.nextSeq() };
}

/** Every client heard exactly these seqs, in this order, and nothing unexpected. */
function check(clients: SseClient[], expected: number[], label: string): void {
  const want = expected.join(",");
  clients.forEach((client, i) => {
    const got = client.changes.map((change) => change.seq).join(",");
    if (got !== want) throw new LiveCheckError(`${label}: client ${i} (instance ${client.instance}) heard seqs [${got}], expected [${want}]`);
    if (client.unexpected.length) throw new LiveCheckError(`${label}: client ${i} heard ${client.unexpected.join("; ")}`);
  });
}

type Propagation = { clients: number; propagation: Summary; first: Summary; fromListen: Summary; listenLag: Summary; bare: Summary; events: number };

/** What a propagation round sends: the app's is a domain edit (heard as its revision notice), the floor's a bare notification. */
type Source = { fire: (context: Context, round: number, count: number) => Promise<{ resolvedAt: number; seq: number }>; heardAt: (context: Context, seq: number) => number };

const APP: Source = {
  fire: async (context, round, count) => {
    const { committedAt: resolvedAt, seq } = await edit(context, `bench live ${count} clients, round ${round}`);
    return { resolvedAt, seq };
  },
  heardAt: (context, seq) => context.listener.revisions.get(seq)!,
};

const FLOOR: Source = {
  fire: async (context) => {
    const seq = FLOOR_FIRST_SEQ + context.floorEvents++;
    return { resolvedAt: await context.listener.notifyFloor(seq), seq };
  },
  heardAt: (context, seq) => context.listener.floor.get(seq)!,
};

/** `count` clients over the instances; `rounds` events (edits, or the floor's notifications), each awaited by every client, with a bare round trip between. */
async function propagate(context: Context, bases: string[], storyId: string, cookies: string[], count: number, rounds: number, source: Source = APP): Promise<Propagation> {
  const clients = await context.pool.subscribeMany(bases, storyId, cookies, count);
  const samples = { propagation: [] as number[], first: [] as number[], fromListen: [] as number[], listenLag: [] as number[], bare: [] as number[] };
  const expected: number[] = [];
  try {
    for (let i = 0; i < WARMUP + rounds; i++) {
      const measured = i >= WARMUP;
      // The bare round trip before or after the edit, in turns.
      if (measured && i % 2 === 0) samples.bare.push(await context.listener.ping());
      const { resolvedAt, seq } = await source.fire(context, i, count);
      expected.push(seq);
      await context.board.all(seq, count, ARRIVAL_MS);
      if (measured) {
        const heardAt = source.heardAt(context, seq);
        samples.listenLag.push(heardAt - resolvedAt);
        // Committed: the earliest sign of it, the writer's answer or the bare listener's notice
        // (often the notice: PostgreSQL sends it at commit, before Prisma hands back the result).
        const committedAt = Math.min(resolvedAt, heardAt);
        const arrivals = clients.map((client) => client.changes.at(-1)!.at);
        for (const at of arrivals) {
          samples.propagation.push(at - committedAt);
          samples.fromListen.push(at - heardAt);
        }
        samples.first.push(Math.min(...arrivals) - committedAt);
      }
      if (measured && i % 2 === 1) samples.bare.push(await context.listener.ping());
      await pause(PAUSE_MS);
    }
    check(clients, expected, `${count} clients`);
  } finally {
    await context.pool.closeAll(clients);
  }
  return {
    clients: count,
    propagation: summarize(samples.propagation),
    first: summarize(samples.first),
    fromListen: summarize(samples.fromListen),
    listenLag: summarize(samples.listenLag),
    bare: summarize(samples.bare),
    events: expected.length * count,
  };
}

/** `count` edits; with subscribers, each is awaited by all of them (and checked); without, by the bare listener only. */
async function editBlock(context: Context, count: number, subscribers: SseClient[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const { ms, seq } = await edit(context, `bench live cost, ${subscribers.length} subscribers`);
    samples.push(ms);
    if (subscribers.length) await context.board.all(seq, subscribers.length, ARRIVAL_MS);
    await pause(PAUSE_MS);
  }
  return samples;
}

/** CPU of the instance's process tree over an idle window, in % of one core. */
async function idleCpu(pid: number, ms: number): Promise<number> {
  const before = usage(pid).cpuMs;
  const start = performance.now();
  await pause(ms);
  return ((usage(pid).cpuMs - before) * 100) / (performance.now() - start);
}

const MB = 1024 * 1024;
const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

export type LiveMeasurement = { metrics: Metric[]; section: Record<string, unknown> };

export async function measureLive(owner: pg.Client, ownerUrl: string, appUrl: string, story: Story, scale: Scale, register: (stop: () => Promise<void>) => void): Promise<LiveMeasurement> {
  const size = SIZES[scale.name === "large" ? "full" : scale.name]; // a large run keeps the full-scale sizes here
  const secret = randomBytes(32).toString("base64url");
  const { updateQuote } = await import("@/lib/server/quotes");
  // BENCH_LIVE_CPU_PROFILE=<dir>: instance A writes a V8 CPU profile there when it stops (to see where its time goes).
  const profile = process.env.BENCH_LIVE_CPU_PROFILE;
  const instances = [await startApp(appUrl, secret, profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []), await startApp(appUrl, secret)];
  for (const instance of instances) register(instance.stop);
  const bases = instances.map((instance) => instance.url);
  const listen = await connect(ownerUrl);
  const notify = await connect(ownerUrl);
  register(async () => void (await Promise.all([listen.end(), notify.end()])));
  try {
    const listener = new BareListener(listen, notify, story.id);
    await listener.start();
    // Every client a session of its own, as a member of the story (members in turn).
    const most = Math.max(size.clients, size.subscribers, size.tenX ? 1_000 : 0);
    const cookies: string[] = [];
    for (let i = 0; i < most; i++) cookies.push(await signIn(owner, story.members[i % story.members.length]!, secret));
    const board = new ArrivalBoard();
    const pool = new ClientPool(instances.length, board);
    register(() => pool.stop());
    const context: Context = { board, pool, listener, updateQuote, lead: story.lead, seeds: await loadQuotes(owner, story.id, 0, 10), edits: 0, floorEvents: 0 };
    say(`live: instances ${bases.join(" and ")}; ${size.clients} clients, ${size.rounds} edits each heard by all…`);

    const main = await propagate(context, bases, story.id, cookies, size.clients, size.rounds);
    say(
      `live: ${main.events.toLocaleString("en")} events checked; propagation p50 ${main.propagation.p50.toFixed(1)} ms, p95 ${main.propagation.p95.toFixed(1)} ms; ` +
        `bare pg_notify → LISTEN p95 ${main.bare.p95.toFixed(2)} ms`,
    );

    // The floor: the same clients and rounds on two plain node:http processes that only LISTEN and write.
    say(`live: the fan-out floor — ${size.clients} clients on two plain node:http processes (live-floor.ts), ${size.rounds} notifications…`);
    const floors = await Promise.all([startFloor(ownerUrl), startFloor(ownerUrl)]);
    let floor: Propagation;
    try {
      floor = await propagate(context, floors.map((f) => f.url), "floor", cookies, size.clients, size.rounds, FLOOR);
    } finally {
      await Promise.all(floors.map((f) => f.stop()));
    }
    say(`live: floor propagation p50 ${floor.propagation.p50.toFixed(1)} ms, p95 ${floor.propagation.p95.toFixed(1)} ms; bare p95 ${floor.bare.p95.toFixed(2)} ms`);

    // The cost of open subscriptions, on instance A alone.
    const pid = instances[0]!.pid;
    say(`live: cost of ${size.subscribers} subscriptions on one instance (pid ${pid}): edits without, with, without; idle CPU windows of ${size.idleMs / 1000} s…`);
    const without = await editBlock(context, size.editBlock, []);
    await pause(1_000);
    const rssBefore = usage(pid).rss;
    const cpuWithout = await idleCpu(pid, size.idleMs);
    const subscribers = await context.pool.subscribeMany(bases.slice(0, 1), story.id, cookies, size.subscribers);
    const expected: number[] = [];
    let withSubscribers: number[] = [];
    let rssOpen = 0;
    let rssAfter = 0;
    let cpuWith = 0;
    try {
      await pause(1_000);
      rssOpen = usage(pid).rss;
      cpuWith = await idleCpu(pid, size.idleMs);
      const firstEdit = context.edits;
      withSubscribers = await editBlock(context, 2 * size.editBlock, subscribers);
      rssAfter = usage(pid).rss;
      // The seqs of this block: every subscriber heard each (the board waited), now check the order.
      for (const change of subscribers[0]!.changes) expected.push(change.seq);
      if (expected.length !== context.edits - firstEdit) throw new LiveCheckError(`${size.subscribers} subscribers: heard ${expected.length} changes of ${context.edits - firstEdit}`);
      check(subscribers, expected, `${size.subscribers} subscribers`);
    } finally {
      await context.pool.closeAll(subscribers);
    }
    without.push(...(await editBlock(context, size.editBlock, [])));
    const perSubscriptionKiB = (rssOpen - rssBefore) / 1024 / size.subscribers;
    say(
      `live: instance RSS ${Math.round(rssBefore / MB)} MB → ${Math.round(rssOpen / MB)} MB with ${size.subscribers} open (${perSubscriptionKiB.toFixed(1)} KiB each), ` +
        `${Math.round(rssAfter / MB)} MB after ${withSubscribers.length} edits; idle CPU ${cpuWithout.toFixed(2)} % → ${cpuWith.toFixed(2)} % of a core`,
    );

    let tenX: Propagation | null = null;
    let tenXRss: number[] = [];
    if (size.tenX) {
      say(`live: 10× — 1,000 clients over the two instances, ${size.tenX} edits…`);
      tenX = await propagate(context, bases, story.id, cookies, 1_000, size.tenX);
      tenXRss = instances.map((instance) => Math.round(usage(instance.pid).rss / MB));
    }

    const editWithout = summarize(without);
    const editWith = summarize(withSubscribers);
    const ratio = main.propagation.p95 / main.bare.p95;
    const metrics: Metric[] = [
      metric(
        `live: propagation, ${size.clients} clients on 2 instances`,
        main.propagation,
        main.bare,
        `≤ ${LIVE_BUDGETS.propagationP95Ms} ms, ≤ ${LIVE_BUDGETS.propagationBareRatio}× bare`,
        main.propagation.p95 <= LIVE_BUDGETS.propagationP95Ms && ratio <= LIVE_BUDGETS.propagationBareRatio,
        { n: main.propagation.n, max: round1(main.propagation.max), events: main.events },
      ),
      metric("live: commit → first of the clients to hear it", main.first, main.bare, "info", null, { n: main.first.n }),
      metric("live: LISTEN heard → SSE client (the app's share)", main.fromListen, main.bare, "info", null, { n: main.fromListen.n }),
      metric("live: updateQuote resolved → LISTEN heard", main.listenLag, null, "info", null, { n: main.listenLag.n }),
      metric("live: bare pg_notify → LISTEN (baseline)", main.bare, null, "info", null, { n: main.bare.n }),
      metric(`live: floor — plain node:http fan-out, ${size.clients} clients on 2 processes, vs bare`, floor.propagation, floor.bare, "info (no app: LISTEN and write)", null, { n: floor.propagation.n, events: floor.events }),
      metric(`live: propagation vs the floor (the app's own share)`, main.propagation, floor.propagation, "info", null, { n: main.propagation.n }),
      metric(
        `live: edit with ${size.subscribers} subscribers`,
        editWith,
        editWithout,
        `≤ ${LIVE_BUDGETS.subscribersEditRatio}× without (p50 and p95)`,
        // Both: the budget names no percentile, and either alone scatters on a shared machine.
        editWith.p50 <= LIVE_BUDGETS.subscribersEditRatio * editWithout.p50 && editWith.p95 <= LIVE_BUDGETS.subscribersEditRatio * editWithout.p95,
        { n: editWith.n, p50Ratio: round2(editWith.p50 / editWithout.p50) },
      ),
      metric("live: edit, no subscribers (baseline)", editWithout, null, "info", null, { n: editWithout.n }),
      {
        ...metric(
          `live: memory per subscription (${size.subscribers} on one instance)`,
          { n: 1, p50: perSubscriptionKiB, p95: perSubscriptionKiB, max: perSubscriptionKiB },
          null,
          "reported",
          null,
          { rssBeforeMb: Math.round(rssBefore / MB), rssOpenMb: Math.round(rssOpen / MB), idleCpuPercentWithout: round2(cpuWithout), idleCpuPercentWith: round2(cpuWith) },
        ),
        unit: "KiB",
      },
    ];
    if (tenX) {
      metrics.push(
        metric("live: propagation, 1,000 clients on 2 instances (10×)", tenX.propagation, tenX.bare, "info", null, { n: tenX.propagation.n, max: round1(tenX.propagation.max), events: tenX.events }),
        metric("live: 10×, commit → first of the clients to hear it", tenX.first, tenX.bare, "info", null, { n: tenX.first.n }),
      );
    }
    return {
      metrics,
      section: {
        clients: size.clients,
        rounds: size.rounds,
        subscribers: size.subscribers,
        events: main.events + (tenX?.events ?? 0) + size.subscribers * withSubscribers.length,
        memoryMb: { instanceBefore: Math.round(rssBefore / MB), withSubscribers: Math.round(rssOpen / MB), afterEdits: Math.round(rssAfter / MB), tenXInstances: tenXRss },
        idleCpuPercentOfCore: { without: round2(cpuWithout), with: round2(cpuWith), windowMs: size.idleMs },
      },
    };
  } finally {
    for (const instance of instances) await instance.stop();
  }
}
