import "server-only";
import { AppError } from "@/lib/errors";
import { log, logUnexpected } from "@/lib/log";
import { noteDatabaseDown } from "@/lib/server/database-state";
import { isDatabaseUnavailable } from "@/lib/server/prisma-errors";

/**
 * What a failure may tell the user, for every action, route and page: an AppError as it is;
 * the database being unreachable as DATABASE_UNAVAILABLE (503, logged as an event, not a bug);
 * anything else stays internal (logged by kind and stack, shown as the generic message).
 */
export function explainFailure(where: string, error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) {
    noteDatabaseDown();
    log.warn({ event: "database_unavailable", where }, "the database is unavailable");
    return new AppError("DATABASE_UNAVAILABLE");
  }
  logUnexpected(where, error);
  return error;
}
