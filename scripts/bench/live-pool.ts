// The measuring side of the live part's SSE clients: they run in processes of their own
// (live-sse.ts, one per app instance, as browsers are elsewhere), and tell this process what
// each heard and when, on the machine's clock, converted here to this process's
// performance.now() — the scale the commit times are taken on.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { FLOOR_CHANNEL, LiveCheckError, type ArrivalBoard, type SseClient } from "./live-clients";
import type { FromFloor } from "./live-floor";
import type { ClientSpec, FromClients, ToClients } from "./live-sse";

export class ClientPool {
  private readonly children: ChildProcess[] = [];
  private readonly clients = new Map<number, SseClient>();
  private readonly waiting = new Map<string, (error?: string) => void>();
  private nextGroup = 0;
  private nextIndex = 0;

  /** One client process per app instance. */
  constructor(
    instances: number,
    private readonly board: ArrivalBoard,
  ) {
    for (let i = 0; i < instances; i++) {
      // process.execArgv carries tsx's loader, so the child runs TypeScript as this process does.
      const child = fork(path.join(import.meta.dirname, "live-sse.ts"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
      child.on("message", (message: FromClients) => this.receive(i, message));
      this.children.push(child);
    }
  }

  private receive(child: number, message: FromClients): void {
    if (message.type === "heard") {
      const offset = performance.timeOrigin;
      for (const [index, seq, at] of message.arrivals) {
        const client = this.clients.get(index);
        if (!client) continue;
        client.changes.push({ seq, at: at - offset });
        this.board.heard(seq);
      }
      for (const [index, event] of message.unexpected) this.clients.get(index)?.unexpected.push(event);
    } else {
      this.waiting.get(`${child}:${message.type}:${message.group}`)?.(message.type === "opened" ? message.error : undefined);
    }
  }

  private ask(child: number, message: ToClients, answer: "opened" | "closed"): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const key = `${child}:${answer}:${message.group}`;
      this.waiting.set(key, (error) => {
        this.waiting.delete(key);
        if (error) reject(new LiveCheckError(error));
        else resolve();
      });
      this.children[child]!.send(message);
    });
  }

  /** Opens `count` story streams spread over the instances in turn (`parallel` opening at a time); resolves once all said hello. */
  async subscribeMany(bases: string[], storyId: string, cookies: string[], count: number, parallel = 20): Promise<SseClient[]> {
    const group = this.nextGroup++;
    const specs: ClientSpec[] = [];
    const clients: SseClient[] = [];
    for (let i = 0; i < count; i++) {
      const instance = i % bases.length;
      const index = this.nextIndex++;
      specs.push({ index, base: bases[instance]!, instance, cookie: cookies[i % cookies.length]! });
      const client: SseClient = { instance, changes: [], unexpected: [], close: () => {}, ended: Promise.resolve(), group };
      this.clients.set(index, client);
      clients.push(client);
    }
    const perChild = Math.max(1, Math.floor(parallel / bases.length));
    await Promise.all(
      bases.map((_, instance) =>
        this.ask(instance, { type: "open", group, storyId, clients: specs.filter((spec) => spec.instance === instance), parallel: perChild }, "opened"),
      ),
    );
    return clients;
  }

  /** Ends these clients' streams (every client of their groups) and waits until they are closed. */
  async closeAll(clients: SseClient[]): Promise<void> {
    const groups = new Set(clients.map((client) => client.group));
    await Promise.all([...groups].flatMap((group) => this.children.map((_, child) => this.ask(child, { type: "close", group: group! }, "closed"))));
    for (const [index, client] of this.clients) if (groups.has(client.group)) this.clients.delete(index);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.disconnect();
            setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
          }),
      ),
    );
  }
}

/** One fan-out floor process (live-floor.ts) on `databaseUrl`; resolves once it listens. */
export function startFloor(databaseUrl: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = fork(path.join(import.meta.dirname, "live-floor.ts"), [databaseUrl, FLOOR_CHANNEL], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.disconnect();
      setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new LiveCheckError("the fan-out floor did not listen within 30 s"));
    }, 30_000);
    child.once("message", (message: FromFloor) => {
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${message.port}`, stop });
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new LiveCheckError(`the fan-out floor exited (${code}) before it listened`));
    });
  });
}
