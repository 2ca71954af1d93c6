import "server-only";
import { columnIs, listEntries } from "@/lib/entry-kinds/read";
import type { SourceView } from "@/lib/entry-kinds/source";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import type { Page } from "@/lib/server/paging";
import type { SourceFilters } from "@/lib/validations/workspace";

/**
 * The Sources panel: filters and order from the URL, 50 a page. A search, and the order by
 * name, run through the protection lens (names are sealed): see listEntries.
 */
export async function listSources(user: SessionUser, storyId: string, filters: SourceFilters): Promise<Page<SourceView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "source", filters, [
    columnIs("kind", filters.kind),
    columnIs("reliability", filters.reliability),
    columnIs("protection", filters.protection),
  ]);
}
