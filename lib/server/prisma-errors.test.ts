import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isUniqueViolation } from "./prisma-errors";

describe("isDatabaseUnavailable", () => {
  it("recognises an unreachable, restarting or vanished database however it is reported", () => {
    const seen = [
      { code: "P1001", message: "Can't reach database server at 127.0.0.1:5432" }, // Prisma
      { code: "P2024", message: "Timed out fetching a new connection from the connection pool." },
      { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } },
      { code: "P2010", meta: { driverAdapterError: { cause: { kind: "ConnectionClosed" } } } },
      { code: "57P01", message: "terminating connection due to administrator command" }, // PostgreSQL
      { code: "57P03", message: "the database system is starting up" },
      { code: "ECONNREFUSED" }, // the socket
      new Error("Connection terminated unexpectedly"), // node-postgres
      new Error("Client has encountered a connection error and is not queryable"),
      { message: "wrapped", cause: new Error("Connection terminated") },
    ];
    for (const error of seen) expect({ error, unavailable: isDatabaseUnavailable(error) }).toEqual({ error, unavailable: true });
  });

  it("leaves everything else alone: a user's mistake or a bug is not an outage", () => {
    const other = [
      { code: "P2002", message: "Unique constraint failed" },
      { code: "23505", message: "duplicate key value violates unique constraint" },
      { code: "22021", message: 'invalid byte sequence for encoding "UTF8": 0x00' },
      new TypeError("Cannot read properties of undefined"),
      "a string",
      null,
    ];
    for (const error of other) expect({ error, unavailable: isDatabaseUnavailable(error) }).toEqual({ error, unavailable: false });
    expect(isUniqueViolation({ code: "P2002" })).toBe(true);
  });
});
