import "server-only";
import { z } from "zod";
import { requireUser, type SessionUser } from "@/lib/auth";
import { AppError, toErrorBody, type ErrorBody } from "@/lib/errors";
import { log } from "@/lib/log";

export type ActionResult<T> = { ok: true; data: T } | ErrorBody;

/** Logs an unexpected error by kind and stack only: messages can carry user data. */
export function logUnexpected(where: string, error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const stack = error instanceof Error ? error.stack?.split("\n").slice(1, 8).join("\n") : undefined;
  log.error({ event: "unexpected_error", where, kind, code, stack }, "unexpected error");
}

/**
 * Every server action: session → validate with the shared schema → domain function.
 * The domain function authorizes on its own; this wrapper guarantees that nobody
 * reaches it signed out, that bad input changes nothing and returns field errors, and
 * that no internal error text reaches the user.
 */
export function defineAction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  handler: (input: z.output<S>, user: SessionUser) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (input) => {
    try {
      const user = await requireUser();
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
        return toErrorBody(new AppError("VALIDATION", { fieldErrors }));
      }
      return { ok: true, data: await handler(parsed.data, user) };
    } catch (error) {
      if (!(error instanceof AppError)) logUnexpected(name, error);
      return toErrorBody(error);
    }
  };
}
