import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { requireUser, type SessionUser } from "@/lib/auth";
import { AppError, toErrorBody, type ErrorBody } from "@/lib/errors";
import { parseInput } from "@/lib/validations/parse";
import { logUnexpected } from "@/lib/log";

export type ActionResult<T> = { ok: true; data: T } | ErrorBody;

/** A page to refresh after a change: a path, or a path with everything under it ("layout"). */
export type Revalidation = string | { path: string; type: "layout" | "page" };

export type ActionOptions<I, R> = {
  /** What the change shows up in, refreshed after it succeeded. */
  revalidate?: (input: I, result: R) => Revalidation[];
};

/**
 * Every server action: session → validate with the shared schema → domain function.
 * The domain function authorizes on its own; this wrapper guarantees that nobody
 * reaches it signed out, that bad input changes nothing and returns field errors, and
 * that no internal error text reaches the user.
 */
export function defineAction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  handler: (input: z.input<S>, user: SessionUser) => Promise<R>,
  options: ActionOptions<z.input<S>, R> = {},
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (input) => {
    try {
      const user = await requireUser();
      // Validated here so a bad request never reaches the domain; the domain function parses
      // the same input again with the same schema (it may be called from elsewhere too).
      parseInput(schema, input);
      const data = await handler(input, user);
      for (const page of options.revalidate?.(input, data) ?? []) {
        if (typeof page === "string") revalidatePath(page);
        else revalidatePath(page.path, page.type);
      }
      return { ok: true, data };
    } catch (error) {
      if (!(error instanceof AppError)) logUnexpected(name, error);
      return toErrorBody(error);
    }
  };
}
