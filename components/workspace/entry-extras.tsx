import type { StoryAccess } from "@/lib/server/access";
import { threadCounts } from "@/lib/server/comments";
import { openFollowUpsFor } from "@/lib/server/follow-ups/read";
import { KINDS, type CommentableKind } from "@/lib/entry-kinds/kinds";
import type { EntryExtras } from "./entry-list";

/**
 * What a panel's page of entries shows besides the entries: each one's open follow-ups, its
 * comment thread, and "Assign follow-up". Two queries for the whole page.
 */
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
