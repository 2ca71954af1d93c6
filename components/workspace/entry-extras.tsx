import type { StoryAccess } from "@/lib/server/access";
import { threadCounts } from "@/lib/server/comments";
import { openFollowUpsFor } from "@/lib/server/follow-ups/read";
import { KINDS, type CommentableKind } from "@/lib/entry-kinds/kinds";
import type { Beside } from "@/lib/entry-kinds/read";
import { readTogetherIn, type Read } from "@/lib/server/read-together";
import type { EntryExtras } from "./entry-list";

/**
 * What a panel's page of entries shows besides the entries: each one's open follow-ups, its
 * comment thread, and "Assign follow-up". A panel's extras are read in the statement of its
 * page's names (listEntries' `beside`): pass `beside` to the panel's list, then the whole to
 * EntryPanelFrame, which waits for what it started.
 */
export type PanelExtras = { beside: Beside; loaded: () => Promise<EntryExtras> | undefined };

export function panelExtras(access: StoryAccess, kind: CommentableKind, timeZone: string): PanelExtras {
  let loading: Promise<EntryExtras> | undefined;
  return {
    beside: (ids, read) => (loading = loadEntryExtras(access, kind, ids, timeZone, read)),
    loaded: () => loading,
  };
}

/** The extras of these entries: each module's fragment, in one statement (`read`: the panel's, or one of their own). */
export async function loadEntryExtras(access: StoryAccess, kind: CommentableKind, ids: string[], timeZone: string, read?: Read): Promise<EntryExtras> {
  const linkable = KINDS[kind].linkable;
  // A kind that takes no follow-ups has no follow-ups fragment.
  const start = (read: Read) => Promise.all([linkable ? openFollowUpsFor(access, ids, read) : undefined, threadCounts(access, kind, ids, read)]);
  const [followUps, counts] = await readTogetherIn(read, start);
  return {
    followUps,
    assignable: linkable,
    timeZone,
    threads: counts,
  };
}
