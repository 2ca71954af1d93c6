import "server-only";

/** True for a unique-constraint violation (Prisma P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

// The database is unreachable, restarting or gone mid-query: not the user's mistake and not a
// bug, so it is answered "the desk's database is unavailable" (503) instead of an internal error.
// Prisma reports it by its own codes, or passes the driver's error on (adapter-pg maps socket
// errors to kinds; PostgreSQL's own SQLSTATEs say "shutting down", "starting up", "too many").
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SQLSTATES = /^(08\w{3}|57P0[1-3]|53300)$/;
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);
// node-postgres says "Connection terminated (unexpectedly)", "Client has encountered a connection
// error and is not queryable", "timeout exceeded when trying to connect"; Prisma and PostgreSQL the rest.
const MESSAGES =
  /connection terminated|connection error|not queryable|timeout exceeded when trying to connect|server has closed the connection|server closed the connection|connection (is )?closed|terminating connection|database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|can't reach database server|timed out fetching a new connection/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const { code, kind, message, cause, meta, originalCode } = error as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
    originalCode?: unknown;
  };
  if (typeof code === "string" && (PRISMA_CODES.has(code) || SQLSTATES.test(code) || NODE_CODES.has(code))) return true;
  if (typeof originalCode === "string" && SQLSTATES.test(originalCode)) return true;
  if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
  if (typeof message === "string" && MESSAGES.test(message)) return true;
  return isDatabaseUnavailable(meta?.driverAdapterError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
