// The live part's SSE clients, in a process of their own (forked by live-pool.ts): a browser tab
// is not in the process that commits the edit and takes the time, so the bench's clients are
// not either. In the measuring process, reading and parsing 100 streams shared one event loop
// with the writer and the bare pg_notify listener, and the last client's arrival included the
// parsing of the 99 before it. Each arrival is stamped here on the machine's clock
// (performance.timeOrigin + now()), which the measuring process reads on the same scale.
import http from "node:http";
import { createParser } from "eventsource-parser";

export type ClientSpec = { index: number; base: string; instance: number; cookie: string };

export type ToClients = { type: "open"; group: number; storyId: string; clients: ClientSpec[]; parallel: number } | { type: "close"; group: number };

/** arrivals: [client index, seq, at (ms, epoch)]; unexpected: [client index, event]. */
export type FromClients =
  | { type: "opened"; group: number; error?: string }
  | { type: "heard"; arrivals: Array<[number, number, number]>; unexpected: Array<[number, string]> }
  | { type: "closed"; group: number };

type Client = { close: () => void; ended: Promise<void> };

const send = (message: FromClients) => process.send?.(message);
const clock = () => performance.timeOrigin + performance.now();

// Arrivals go to the measuring process in one message per turn of the event loop.
let arrivals: Array<[number, number, number]> = [];
let unexpected: Array<[number, string]> = [];
let flushing = false;
function report(): void {
  if (flushing) return;
  flushing = true;
  setImmediate(() => {
    flushing = false;
    send({ type: "heard", arrivals, unexpected });
    arrivals = [];
    unexpected = [];
  });
}

/** Opens one story stream; resolves once it said hello (caught up, live from here). */
function open(spec: ClientSpec, storyId: string): Promise<Client> {
  // node:http rather than fetch: a browser's EventSource reads its socket in native code, in a
  // process (and on a machine) of its own. fetch hands each chunk through a web ReadableStream
  // and a promise per read — client work that, on the bench's two shared cores, was charged to
  // the app's propagation. Here a chunk is one 'data' event into the same SSE parser.
  const url = new URL(`/api/live?story=${storyId}`, spec.base);
  return new Promise<Client>((resolve, reject) => {
    let helloHeard: () => void = () => {};
    const hello = new Promise<void>((heard) => (helloHeard = heard));
    let endedResolve: () => void = () => {};
    const ended = new Promise<void>((done) => (endedResolve = done));
    const parser = createParser({
      onEvent: (message) => {
        if (message.event === "change") {
          const at = clock();
          arrivals.push([spec.index, (JSON.parse(message.data) as { seq: number }).seq, at]);
          report();
        } else if (message.event === "hello") helloHeard();
        else if (message.event !== "presence" && message.event !== "tick") {
          unexpected.push([spec.index, `${message.event} ${message.data}`]);
          report();
        }
      },
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no hello from instance ${spec.instance} within 30 s`));
    }, 30_000);
    const request = http.get(url, { agent: false, headers: { cookie: spec.cookie, accept: "text/event-stream" } }, (response) => {
      if (response.statusCode !== 200) {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => {
          clearTimeout(timer);
          reject(new Error(`GET /api/live on instance ${spec.instance} answered ${response.statusCode}: ${body.slice(0, 200)}`));
        });
        return;
      }
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => parser.feed(chunk));
      response.on("close", () => {
        helloHeard();
        endedResolve();
      });
      void hello.then(() => {
        clearTimeout(timer);
        resolve({ close: () => request.destroy(), ended });
      });
    });
    request.on("error", (error) => {
      clearTimeout(timer);
      helloHeard();
      endedResolve();
      reject(error);
    });
  });
}

const groups = new Map<number, Client[]>();

process.on("message", (message: ToClients) => {
  if (message.type === "open") {
    const clients: Client[] = [];
    groups.set(message.group, clients);
    let next = 0;
    void Promise.all(
      Array.from({ length: Math.max(1, Math.min(message.parallel, message.clients.length)) }, async () => {
        while (next < message.clients.length) clients.push(await open(message.clients[next++]!, message.storyId));
      }),
    ).then(
      () => send({ type: "opened", group: message.group }),
      (error: unknown) => send({ type: "opened", group: message.group, error: error instanceof Error ? error.message : String(error) }),
    );
  } else {
    const clients = groups.get(message.group) ?? [];
    groups.delete(message.group);
    for (const client of clients) client.close();
    void Promise.all(clients.map((client) => client.ended)).then(() => send({ type: "closed", group: message.group }));
  }
});
process.on("disconnect", () => process.exit(0));
