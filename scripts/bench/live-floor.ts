// The floor of any Server-Sent Events fan-out on this machine (issue 14): a process that does
// only what the app's live path cannot avoid — one LISTEN connection, and on each notification
// one write of the event to each of its open streams — with plain node:http (no Next, no
// sign-in, no web streams, no authorization, no ledger). The live part starts two, as it starts
// two app instances, and its clients read them exactly as they read GET /api/live. Its
// propagation beside the app's says how much of the app's time is the app's, and how much any
// fan-out of this size costs on these cores; beside the bare pg_notify round trip, what the
// budget's ratio asks of the machine itself. Forked by live.ts (tsx's loader comes with
// process.execArgv); argv: the database URL and the channel.
import http from "node:http";
import pg from "pg";

export type FromFloor = { type: "listening"; port: number };

const [databaseUrl, channel] = process.argv.slice(2);
if (!databaseUrl || !channel || !/^[a-z_]+$/.test(channel)) throw new Error("usage: live-floor.ts <database url> <channel>");

const streams = new Set<http.ServerResponse>();
const server = http.createServer((request, response) => {
  response.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store" });
  response.write("retry: 1000\n\nevent: hello\ndata: {}\n\n");
  streams.add(response);
  request.on("close", () => streams.delete(response));
});

const listen = new pg.Client({ connectionString: databaseUrl });
listen.on("error", () => process.exit(1));
listen.on("notification", (message) => {
  // The payload is the seq; the frame is built once, written to every stream.
  const seq = Number(message.payload);
  const frame = Buffer.from(`id: ${seq}\nevent: change\ndata: {"seq":${seq}}\n\n`);
  for (const response of streams) response.write(frame);
});

await listen.connect();
await listen.query(`LISTEN ${channel}`);
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") process.send?.({ type: "listening", port: address.port } satisfies FromFloor);
});
// The bench disconnects: end the streams and stop.
process.on("disconnect", () => {
  for (const response of streams) response.end();
  server.close();
  server.closeAllConnections();
  void listen.end().finally(() => process.exit(0));
});
