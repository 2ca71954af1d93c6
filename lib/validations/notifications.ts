import { z } from "zod";
import { id } from "./common";

export const NOTIFICATION_KINDS = ["assigned", "reassigned", "responded", "status", "due_soon", "overdue", "mentioned", "anchor_changed"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Mark one notification read, or (no id) all of mine. */
export const markReadSchema = z.object({ notificationId: id.optional() });
export const notificationFiltersSchema = z.object({
  unread: z.literal("1").optional().catch(undefined).transform((value) => value === "1"),
  /** Keyset cursor of the next (older) page: the last row's created_at (to the microsecond) and id. */
  before: z.iso.datetime({ offset: true }).optional().catch(undefined),
  beforeId: id.optional().catch(undefined),
});

export type MarkReadInput = z.input<typeof markReadSchema>;
export type NotificationFilters = z.output<typeof notificationFiltersSchema>;
