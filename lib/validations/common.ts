import { z } from "zod";

export const id = z.uuid({ message: "Not a valid id." });
export const version = z.coerce.number().int().positive();

/** Trimmed text with friendly length messages ("Title is required.", "… at least 3 characters."). */
export const text = (label: string, min: number, max: number) => {
  const required = z.string().trim().min(1, `${label} is required.`);
  const long = min > 1 ? required.min(min, `${label} needs at least ${min} characters.`) : required;
  return long.max(max, `${label} can be at most ${max} characters.`);
};

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid e-mail address." }).max(254, "That e-mail address is too long."));
