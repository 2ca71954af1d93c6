import { z } from "zod";
import { ENTRY_KINDS } from "@/lib/entry-kinds/kinds";
import { id } from "./common";

// An entry's form is loaded when it is opened (issue 16): the entry as it is now (none for a
// new one) and what its pickers offer.
export const entryFormSchema = z.object({
  storyId: id,
  kind: z.enum(ENTRY_KINDS),
  entryId: id.optional(),
  /** A new quote's speaker chosen beforehand (the quotes panel filtered on a source): its picker names it. */
  sourceId: id.optional(),
});

export type EntryFormInput = z.input<typeof entryFormSchema>;
