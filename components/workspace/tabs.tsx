import Link from "next/link";
import { KINDS, PANELS, kindOfPanel, type Panel } from "@/lib/entry-kinds/kinds";
import type { WorkspaceCounts } from "@/lib/server/workspace";

const labelOf = (panel: Panel) => {
  const kind = kindOfPanel(panel);
  return kind ? KINDS[kind].heading : "Overview";
};

/** A tab's count: its live entries, or the open ones of a kind that can be open. */
function countOf(panel: Panel, counts: WorkspaceCounts): string | null {
  const kind = kindOfPanel(panel);
  if (!kind) return null;
  const { total, open } = counts[kind];
  return open === null ? String(total) : `${open} open`;
}

/** The workspace's panels as links (each panel has its own URL; keys 1–5 switch too). */
export function WorkspaceTabs({
  storyId,
  active,
  counts,
  hrefOf = (panel) => (panel === "overview" ? `/stories/${storyId}` : `/stories/${storyId}?tab=${panel}`),
}: {
  storyId: string;
  active: Panel;
  counts: WorkspaceCounts;
  /** Where each tab leads (the "as of" view keeps its moment). */
  hrefOf?: (panel: Panel) => string;
}) {
  return (
    // On a phone the tabs scroll sideways in their row rather than widening the page; wider, they
    // wrap, so that no panel (Evidence, Claims at the end) is hidden past the column's edge.
    <nav aria-label="Story panels" className="-mx-3 flex gap-1 overflow-x-auto overflow-y-hidden border-b border-slate-200 px-3 sm:mx-0 sm:flex-wrap sm:overflow-visible sm:px-0">
      {PANELS.map((panel, index) => {
        const count = countOf(panel, counts);
        return (
          <Link
            key={panel}
            href={hrefOf(panel)}
            aria-current={panel === active ? "page" : undefined}
            aria-keyshortcuts={String(index + 1)}
            className="workspace-tab"
          >
            {labelOf(panel)}
            {count !== null ? <span className="workspace-tab-count">{count}</span> : null}
          </Link>
        );
      })}
    </nav>
  );
}
