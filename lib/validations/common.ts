import { z } from "zod";
import { parseApproximate, type ApproximateMoment } from "@/lib/approximate-date";

export const id = z.uuid({ message: "Not a valid id." });

/** A story named by its id (a route's `[storyId]`). */
export const storyRefSchema = z.object({ storyId: id });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a value from a URL, a cookie or a form is shaped like an id (any uuid): what is not names nothing. */
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);
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

/** An optional web link: empty, or a full http(s) URL. */
export const optionalLink = z
  .string()
  .trim()
  .max(2000, "That link is too long.")
  .refine((value) => value === "" || /^https?:\/\/[^\s]+$/i.test(value), "Enter a full link starting with https://, or leave it empty.");

/** Ids of linked entries (sources, quotes) of the same story. */
export const idList = (label: string) => z.array(id).max(50, `Link at most 50 ${label}.`).default([]);


/**
 * When something happened, as a form sends it (lib/approximate-date.ts): a year "2025", a month
 * "2025-03", part of one "2025-03-early", a day "2025-03-12", a full ISO date-time (to the
 * minute; the browser converts its local time before sending), or a range "2025-01/2025-09".
 * Stored in UTC: the start, its precision, and the range's last unit.
 */
export const moment = z
  .string()
  .trim()
  .max(80, "Enter a date: a year, a month, a day (and time), or a range.")
  .transform((value, ctx): ApproximateMoment | typeof z.NEVER => {
    const parsed = parseApproximate(value);
    if ("error" in parsed) {
      ctx.addIssue({ code: "custom", message: parsed.error });
      return z.NEVER;
    }
    return parsed;
  });

export const optionalMoment = z.union([z.literal("").transform(() => null), moment]);

/** How urgent a question or a follow-up is (the `Priority` enum), most urgent first. */
export const PRIORITY_LABELS = { urgent: "Urgent", high: "High", normal: "Normal", low: "Low" } as const;
export type PriorityValue = keyof typeof PRIORITY_LABELS;

/** A zod enum of a value → label record's keys (the labels are what forms show). */
export const enumOf = <T extends Record<string, string>>(labels: T, message: string) =>
  z.enum(Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]], { message });

/** Why a change was made: optional on most edits, kept in the revision. */
export const reason = z.string().trim().max(500, "Keep the reason under 500 characters.").default("");
