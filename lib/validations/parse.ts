import { z } from "zod";
import { AppError } from "@/lib/errors";

/** Parses input with an entity's schema; bad input becomes a VALIDATION error with field messages. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const flat = z.flattenError(parsed.error);
  const fieldErrors = flat.fieldErrors as Record<string, string[]>;
  const message = flat.formErrors[0];
  throw new AppError("VALIDATION", { fieldErrors, ...(message ? { message } : {}) });
}
