import "server-only";
import { columnIs, listEntries } from "@/lib/entry-kinds/read";
import type { SourceView } from "@/lib/entry-kinds/source";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import type { Page } from "@/lib/server/paging";
import type { SourceFilters } from "@/lib/validations/workspace";

/** The Sources panel: filters and order from the URL, 50 a page. */
export async function listSources(user: SessionUser, storyId: string, filters: SourceFilters): Promise<Page<SourceView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  const page = await listEntries(access, "source", filters, [
    columnIs("kind", filters.kind),
    columnIs("reliability", filters.reliability),
    columnIs("protection", filters.protection),
  ]);
  // Names are sorted as stored (a sealed one as its ciphertext): put the page in the order of
  // what this reader sees.
  if (filters.sort === "name") page.items.sort((a, b) => a.displayName.localeCompare(b.displayName));
  return page;
}
