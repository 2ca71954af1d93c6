import { z } from "zod";
import { isLinkableKind, type LinkableKind } from "@/lib/entry-kinds/kinds";
import { PRIORITY_LABELS, enumOf, id, reason, text, version } from "./common";

export const FOLLOW_UP_STATUS_LABELS = { todo: "To do", in_progress: "In progress", done: "Done", cancelled: "Cancelled" } as const;
export const FOLLOW_UP_RESPONSE_LABELS = { pending: "Awaiting answer", accepted: "Accepted", declined: "Declined" } as const;
export type FollowUpStatusValue = keyof typeof FOLLOW_UP_STATUS_LABELS;
export const OPEN_FOLLOW_UP_STATUSES = ["todo", "in_progress"] as const satisfies readonly FollowUpStatusValue[];

const LINK = /^([a-z_]+):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The linked entry as a form sends it: "question:<id>" (any linkable kind), or "" for none. */
export const followUpLink = z
  .string()
  .trim()
  .default("")
  .transform((value, ctx): { kind: LinkableKind; id: string } | null | typeof z.NEVER => {
    if (value === "") return null;
    const match = LINK.exec(value);
    const kind = match?.[1]!.toLowerCase();
    if (!match || !isLinkableKind(kind)) {
      ctx.addIssue({ code: "custom", message: "Choose an entry of this story, or none." });
      return z.NEVER;
    }
    return { kind, id: match[2]!.toLowerCase() };
  });

/** A due time: an ISO date-time (the browser converts the user's local time), or "" for none. */
export const dueAt = z
  .string()
  .trim()
  .default("")
  .transform((value, ctx): Date | null | typeof z.NEVER => {
    if (value === "") return null;
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? new Date(value) : null;
    if (!at || Number.isNaN(at.getTime()) || at.getUTCFullYear() < 2000 || at.getUTCFullYear() > 2100) {
      ctx.addIssue({ code: "custom", message: "Enter a due date and time, or leave it empty." });
      return z.NEVER;
    }
    return at;
  });

const details = z.string().trim().max(4000, "Keep the details under 4,000 characters.").default("");
const note = (label: string) => z.string().trim().max(2000, `Keep the ${label} under 2,000 characters.`).default("");

const followUpFields = {
  storyId: id,
  title: text("Title", 3, 200),
  details,
  assigneeId: z.uuid({ message: "Choose who should do it." }),
  dueAt,
  priority: enumOf(PRIORITY_LABELS, "Choose a priority.").default("normal"),
  link: followUpLink,
};

export const createFollowUpSchema = z.object({
  ...followUpFields,
  /** Made from a comment: kept for the record in the revision's reason. */
  fromCommentId: id.optional(),
});
/** Edit, reassign (a new assignee), change the due time. */
export const updateFollowUpSchema = z.object({ ...followUpFields, followUpId: id, version, reason });

export const setFollowUpStatusSchema = z.object({
  storyId: id,
  followUpId: id,
  version,
  status: enumOf(FOLLOW_UP_STATUS_LABELS, "Choose a status."),
  completionNote: note("note"),
});

export const respondToFollowUpSchema = z
  .object({
    storyId: id,
    followUpId: id,
    version,
    response: z.enum(["accepted", "declined"], { message: "Accept or decline." }),
    note: note("reason"),
  })
  .refine((input) => input.response !== "declined" || input.note.length >= 3, {
    path: ["note"],
    message: "Say why you decline, so the desk can reassign it.",
  });

/** Filters of the story's Follow-ups panel and of My follow-ups (from the URL: a bad value is ignored). */
const optionalEnum = <T extends Record<string, string>>(labels: T) =>
  z.enum(Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]]).optional().catch(undefined);

export const followUpFiltersSchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
  deleted: z.literal("1").optional().catch(undefined).transform((value) => value === "1"),
  q: z.string().trim().max(200).optional().catch(undefined).transform((value) => value || undefined),
  focus: id.optional().catch(undefined),
  /** "open" (to do and in progress, the default), "all", or one status. */
  status: z.enum(["open", "all", ...(Object.keys(FOLLOW_UP_STATUS_LABELS) as FollowUpStatusValue[])]).default("open").catch("open"),
  assignee: z.union([z.literal("me"), id]).optional().catch(undefined),
  response: optionalEnum(FOLLOW_UP_RESPONSE_LABELS),
  due: z.enum(["overdue", "today", "week", "none"]).optional().catch(undefined),
  /** Prefill of the new follow-up form ("Assign follow-up" on an entry, or from a comment). */
  link: z.string().trim().max(100).optional().catch(undefined),
  fromComment: id.optional().catch(undefined),
});

export const myFollowUpFiltersSchema = z.object({
  story: id.optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined).transform((value) => value || undefined),
  response: optionalEnum(FOLLOW_UP_RESPONSE_LABELS),
  /** Also what I assigned to others. */
  scope: z.enum(["mine", "assigned_by_me"]).default("mine").catch("mine"),
});

export type CreateFollowUpInput = z.input<typeof createFollowUpSchema>;
export type UpdateFollowUpInput = z.input<typeof updateFollowUpSchema>;
export type SetFollowUpStatusInput = z.input<typeof setFollowUpStatusSchema>;
export type RespondToFollowUpInput = z.input<typeof respondToFollowUpSchema>;
export type FollowUpFilters = z.output<typeof followUpFiltersSchema>;
export type MyFollowUpFilters = z.output<typeof myFollowUpFiltersSchema>;
