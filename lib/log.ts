import pino from "pino";

// Structured JSON logs. Never pass personal data (names, e-mails, source details,
// free text): log ids, codes and counts.
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "storydesk" },
  redact: { paths: ["email", "password", "*.email", "*.password"], censor: "[redacted]" },
});

/** Logs an unexpected error by kind and stack only: messages can carry user data. */
export function logUnexpected(where: string, error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const stack = error instanceof Error ? error.stack?.split("\n").slice(1, 8).join("\n") : undefined;
  log.error({ event: "unexpected_error", where, kind, code, stack }, "unexpected error");
}
