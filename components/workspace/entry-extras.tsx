import type { StoryAccess } from "@/lib/server/access";
import { threadCounts } from "@/lib/server/comments";
import { openFollowUpsFor } from "@/lib/server/follow-ups/read";
import { KINDS, type CommentableKind } from "@/lib/entry-kinds/kinds";
import type { Beside } from "@/lib/entry-kinds/read";
import type { EntryExtras } from "./entry-list";

/**
 * What a panel's page of entries shows besides the entries: each one's open follow-ups, its
 * comment thread, and "Assign follow-up". Two queries for the whole page.
 */
/**
 * A panel's extras, read beside its entries (listEntries' `beside`): pass `beside` to the
 * panel's list, then the whole to EntryPanelFrame, which waits for what it started.
 */
export type PanelExtras = { beside: Beside; loaded: () => Promise<EntryExtras> | undefined };

export function panelExtras(access: StoryAccess, kind: CommentableKind, timeZone: string): PanelExtras {
  let loading: Promise<EntryExtras> | undefined;
  return {
    beside: (ids) => (loading = loadEntryExtras(access, kind, ids, timeZone)),
    loaded: () => loading,
  };
}

export async function loadEntryExtras(access: StoryAccess, kind: CommentableKind, ids: string[], timeZone: string): Promise<EntryExtras> {
  const linkable = KINDS[kind].linkable;
  const [followUps, counts] = await Promise.all([linkable ? openFollowUpsFor(access, ids) : undefined, threadCounts(access, kind, ids)]);
  return {
    followUps,
    assignable: linkable,
    timeZone,
    threads: counts,
  };
}
