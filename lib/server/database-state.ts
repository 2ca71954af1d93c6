import "server-only";

// Whether this server process last found the database unreachable. Set by explainFailure (and
// the error hook of instrumentation.ts), cleared by the proxy's own probe once the database
// answers again: while it is set, page requests get the 503 page (proxy.ts) instead of a render
// that would fail anyway. On globalThis, so the proxy and the app's modules share it.
const KEY = Symbol.for("storydesk.databaseDown");
type Holder = typeof globalThis & { [KEY]?: number };

export function noteDatabaseDown(): void {
  (globalThis as Holder)[KEY] ??= Date.now();
}

export function noteDatabaseUp(): void {
  delete (globalThis as Holder)[KEY];
}

/** Since when the database has been found down, or undefined. */
export function databaseDownSince(): number | undefined {
  return (globalThis as Holder)[KEY];
}
