// Preloaded into every Next.js server process the desk starts (NODE_OPTIONS=--import, see
// nextServerEnv in build.ts): the one place that sees a request before Next does.
//
// Next fills X-Forwarded-For/-Proto/-Host/-Port from the socket only when a request does not
// carry them (base-server: `??=`), so without this a client could name its own address (and
// walk around the per-address sign-in limit) or claim https. Unless TRUST_PROXY=1 says a proxy
// of ours sets them, they are dropped here, and Next's own values are the socket's truth.
// With TRUST_PROXY=1 they are kept: the right-most X-Forwarded-For entry is what our proxy saw.
import http from "node:http";

const FORWARDED = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto", "x-real-ip"];

if (process.env.TRUST_PROXY !== "1") {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitWithoutForwardedHeaders(event, ...args) {
    if (event === "request") {
      const request = args[0];
      for (const name of FORWARDED) delete request.headers[name];
    }
    return emit.call(this, event, ...args);
  };
}
