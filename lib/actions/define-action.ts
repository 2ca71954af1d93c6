import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { requireUser, type SessionUser } from "@/lib/auth";
import { toErrorBody, type ErrorBody } from "@/lib/errors";
import { explainFailure } from "@/lib/server/failures";
import { assertReadableInput } from "@/lib/validations/input-limits";
import { parseInput } from "@/lib/validations/parse";

export type ActionResult<T> = { ok: true; data: T } | ErrorBody;

/** A page to refresh after a change: a path, or a path with everything under it ("layout"). */
export type Revalidation = string | { path: string; type: "layout" | "page" };

export type ActionOptions<I, R> = {
  /** What the change shows up in, refreshed after it succeeded. */
  revalidate?: (input: I, result: R) => Revalidation[];
};

/** An action, with the schema it validates with (the fuzz test generates its input from it). */
export type Action<S extends z.ZodType, R> = ((input: z.input<S>) => Promise<ActionResult<R>>) & { readonly inputSchema: S };

/**
 * Every server action: session → validate with the shared schema → domain function.
 * The domain function authorizes on its own; this wrapper guarantees that nobody
 * reaches it signed out, that bad input changes nothing and returns field errors, and
 * that no internal error text reaches the user (the database being down is said so).
 */
export function defineAction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  handler: (input: z.input<S>, user: SessionUser) => Promise<R>,
  options: ActionOptions<z.input<S>, R> = {},
): Action<S, R> {
  const action = async (input: z.input<S>): Promise<ActionResult<R>> => {
    try {
      const user = await requireUser();
      // Input no schema should have to see: too deep, too many values, text that cannot be stored.
      assertReadableInput(input);
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
      return toErrorBody(explainFailure(name, error));
    }
  };
  return Object.assign(action, { inputSchema: schema });
}
