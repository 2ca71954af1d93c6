// Which page a live change shows on, from the registry (lib/entry-kinds/kinds.ts: a kind's
// story, and the pages its `shownIn` names — revalidated after a write, refreshed after
// someone else's). No server imports: the browser decides with it.
import { pagesShowing, type Revalidation } from "@/lib/entry-kinds/kinds";
import type { LiveChange } from "./protocol";

const under = (pathname: string, path: string) => pathname === path || pathname.startsWith(path.endsWith("/") ? path : `${path}/`);

const shows = (pathname: string, page: Revalidation) =>
  typeof page === "string" ? under(pathname, page) : page.type === "layout" ? under(pathname, page.path) : pathname === page.path;

/**
 * Does the page at `pathname` show this change? A story's pages show its changes (the
 * workspace, history…); a kind shown elsewhere (follow-ups: My follow-ups, the header's badge,
 * so every page) shows there too. The desk home lists every story's activity: `desk`.
 */
export function pageShowsChange(pathname: string, change: Pick<LiveChange, "story" | "kind">, desk = false): boolean {
  return desk || pagesShowing(change.kind, change.story).some((page) => shows(pathname, page));
}
