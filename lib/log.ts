import pino from "pino";

// Structured JSON logs. Never pass personal data (names, e-mails, source details,
// free text): log ids, codes and counts.
export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "storydesk" },
  redact: { paths: ["email", "password", "*.email", "*.password"], censor: "[redacted]" },
});
