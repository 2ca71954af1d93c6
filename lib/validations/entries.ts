import { z } from "zod";
import { ENTRY_KINDS } from "@/lib/entry-kinds/kinds";
import { id, reason, version } from "./common";

// Soft delete and restore work the same for every kind of entry.
export const entryRefSchema = z.object({
  storyId: id,
  kind: z.enum(ENTRY_KINDS),
  entryId: id,
  version,
  reason,
});

export type EntryRefInput = z.input<typeof entryRefSchema>;
