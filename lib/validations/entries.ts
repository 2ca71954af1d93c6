import { z } from "zod";
import { id, reason, version } from "./common";

// Soft delete and restore work the same for every kind of entry.
export const ENTRY_KINDS = ["source", "quote", "question", "timeline_event", "follow_up"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const entryRefSchema = z.object({
  storyId: id,
  kind: z.enum(ENTRY_KINDS),
  entryId: id,
  version,
  reason,
});

export type EntryRefInput = z.input<typeof entryRefSchema>;
