import "server-only";
import { randomUUID } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";

// A live stream's events written straight to its Node response. Next pipes a route handler's
// web ReadableStream to the socket chunk by chunk (pipeTo, its own WritableStream, a promise or
// more per step, each tracked by the async hooks of Node 20); per open stream that cost several
// times the write itself, once per event — the fan-out's whole time at 50 streams an instance
// (docs/benchmarks.md, "Live desk": against the fan-out floor of plain node:http). So the
// process notes, as each GET /api/live arrives, its ServerResponse under a random token in a
// request header (Node's http.server.request.start channel runs before Next sees the request;
// a token a client sends itself is removed); the route claims it, lets Next send the headers
// and the stream's first bytes as usual, then writes events to the response directly. Without
// a claimed response (another server, the tests calling the route in-process) the events go
// through the web stream as before.

export const LIVE_STREAM_HEADER = "x-storydesk-live-stream";

type Registry = Map<string, ServerResponse>;
const globalForLive = globalThis as unknown as { storydeskLiveResponses?: Registry };

const isLiveStream = (request: IncomingMessage) => request.method === "GET" && (request.url === "/api/live" || request.url?.startsWith("/api/live?") === true);

/** Once per process (instrumentation.ts): note each live stream's response as its request arrives. */
export function captureLiveResponses(): void {
  if (globalForLive.storydeskLiveResponses) return;
  const registry: Registry = new Map();
  globalForLive.storydeskLiveResponses = registry;
  subscribe("http.server.request.start", (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    delete request.headers[LIVE_STREAM_HEADER];
    if (!isLiveStream(request)) return;
    const token = randomUUID();
    request.headers[LIVE_STREAM_HEADER] = token;
    registry.set(token, response);
    response.once("close", () => registry.delete(token));
  });
}

/** The Node response of this live request, once (null: not served by a process that noted it). */
export function claimLiveResponse(request: Request): ServerResponse | null {
  const token = request.headers.get(LIVE_STREAM_HEADER);
  const registry = globalForLive.storydeskLiveResponses;
  if (!token || !registry) return null;
  const response = registry.get(token) ?? null;
  registry.delete(token);
  return response;
}
