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

export type SourceChoice = { id: string; label: string };

/**
 * Sources whose name (as this reader may name them) holds the words, by name, at most a
 * page: the speaker picker's search-as-you-type, so that a page need not carry a story's
 * thousand sources. The panel's search (the blind index, then the lens): a hidden source is
 * found by its alias only.
 */
export async function findSources(user: SessionUser, storyId: string, q: string): Promise<SourceChoice[]> {
  const access = await storyAccessFor(user, storyId, "reader");
  const words = q.trim();
  if (!words) return [];
  const page = await listEntries(access, "source", { page: 1, deleted: false, q: words, sort: "name" });
  return page.items.map((view) => ({ id: view.id, label: view.displayName }));
}
