import { z } from "zod";
import { RESTORABLE_KINDS, TRACKED_KINDS } from "@/lib/entry-kinds/kinds";
import { id, storyRefSchema, version } from "./common";

// History views read their filters from the URL (a value that does not parse is ignored);
// restoring is an action with a required reason.

export const REVISION_ACTIONS = ["create", "update", "delete", "restore"] as const;
export const REVISION_ACTION_LABELS = { create: "Created", update: "Changed", delete: "Deleted", restore: "Restored" } as const;

/** A wall-clock time as a datetime-local input sends it, read in the reader's zone. */
const localTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
  .optional()
  .catch(undefined);
const seq = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined);

export const historyFiltersSchema = z.object({
  type: z.enum(TRACKED_KINDS).optional().catch(undefined),
  actor: id.optional().catch(undefined),
  action: z.enum(REVISION_ACTIONS).optional().catch(undefined),
  from: localTime,
  to: localTime,
  /** Keyset cursor: show revisions older than this sequence number. */
  before: seq,
});
export type HistoryFilters = z.output<typeof historyFiltersSchema>;

/** A moment in the story: a wall-clock time in the reader's zone, or a revision. */
export const momentParamsSchema = z.object({ at: localTime, rev: seq });
export type MomentParams = z.output<typeof momentParamsSchema>;

export const compareParamsSchema = z.object({ from: localTime, fromRev: seq, to: localTime, toRev: seq });
export type CompareParams = z.output<typeof compareParamsSchema>;

export const restoreRevisionSchema = z.object({
  storyId: id,
  entityType: z.enum(RESTORABLE_KINDS),
  entityId: id,
  /** The revision whose state to bring back. */
  seq: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** The entry's version as the user saw it: refused if it changed meanwhile. */
  version,
  reason: z
    .string()
    .trim()
    .min(3, "Say why you are restoring this version (at least 3 characters).")
    .max(500, "Keep the reason under 500 characters."),
});
export type RestoreRevisionInput = z.input<typeof restoreRevisionSchema>;

export const markSeenSchema = storyRefSchema;
