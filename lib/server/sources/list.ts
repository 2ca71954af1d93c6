import "server-only";
import { columnIs, listEntries, type Beside } from "@/lib/entry-kinds/read";
import type { SourceView } from "@/lib/entry-kinds/source";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import type { Page } from "@/lib/server/paging";
import type { SourceFilters } from "@/lib/validations/workspace";

/**
 * The Sources panel: filters and order from the URL, 50 a page. A search, and the order by
 * name, run through the protection lens (names are sealed): see listEntries.
 */
export async function listSources(user: SessionUser, storyId: string, filters: SourceFilters, beside?: Beside): Promise<Page<SourceView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "source", filters, [
    columnIs("kind", filters.kind),
    columnIs("reliability", filters.reliability),
    columnIs("protection", filters.protection),
  ], beside);
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
  // A picker's order: names that begin with the words, then names with a word that does, then
  // names holding them, then sources found by their affiliation alone; by name within each.
  const lower = words.toLowerCase();
  const rank = (label: string) => {
    const name = label.toLowerCase();
    if (name.startsWith(lower)) return 0;
    if (name.split(/[\s\-–—(]+/u).some((word) => word.startsWith(lower))) return 1;
    return name.includes(lower) ? 2 : 3;
  };
  return page.items
    .map((view, order) => ({ id: view.id, label: view.displayName, rank: rank(view.displayName), order }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ id, label }) => ({ id, label }));
}
