import { z } from "zod";

export const id = z.uuid({ message: "Not a valid id." });
export const version = z.coerce.number().int().positive();

/** Trimmed text with a friendly length message. */
export const text = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required.`)
    .min(min, `${label} needs at least ${min} characters.`)
    .max(max, `${label} can be at most ${max} characters.`);

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid e-mail address." }).max(254, "That e-mail address is too long."));
