import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLiveResponses, claimLiveResponse, LIVE_STREAM_HEADER } from "./raw-response";

// A plain node:http server stands in for `next start`: the channel notes the response before the
// handler runs, whatever server it is.

type Seen = { token: string | undefined; claimed: boolean };

let server: http.Server;
let base = "";

beforeAll(async () => {
  captureLiveResponses();
  captureLiveResponses(); // twice (instrumentation may run again): still one subscription
  server = http.createServer((request, response) => {
    const token = request.headers[LIVE_STREAM_HEADER] as string | undefined;
    const web = new Request(`http://localhost${request.url}`, { headers: token ? { [LIVE_STREAM_HEADER]: token } : {} });
    const claimed = claimLiveResponse(web);
    const again = claimLiveResponse(web);
    const seen: Seen = { token, claimed: claimed === response && again === null };
    response.end(JSON.stringify(seen));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Seen> => (await fetch(`${base}${path}`, { headers, method })).json() as Promise<Seen>;

describe("a live stream's own response", () => {
  it("is noted for GET /api/live under a fresh token, and claimed once", async () => {
    const first = await get("/api/live?story=x");
    const second = await get("/api/live");
    expect(first.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.token).not.toBe(second.token);
    expect(first.claimed).toBe(true);
    expect(second.claimed).toBe(true);
  });

  it("is not noted for any other request, and a token a client sends is dropped", async () => {
    expect(await get("/api/live-ish", { [LIVE_STREAM_HEADER]: "forged" })).toEqual({ claimed: false });
    expect(await get("/api/live/presence", { [LIVE_STREAM_HEADER]: "forged" })).toEqual({ claimed: false });
    expect(await get("/api/live", { [LIVE_STREAM_HEADER]: "forged" }, "POST")).toEqual({ claimed: false });
    const live = await get("/api/live", { [LIVE_STREAM_HEADER]: "forged" });
    expect(live.token).not.toBe("forged");
    expect(live.claimed).toBe(true);
  });
});
