import type { ReactNode } from "react";
import { entryModule } from "@/lib/entry-kinds";
import { KINDS, type EntryKind } from "@/lib/entry-kinds/kinds";
import type { Page } from "@/lib/server/paging";
import { EmptyState } from "./empty-state";
import { loadEntryExtras, type PanelExtras } from "./entry-extras";
import { EntryList, type Entry, type EntryListProps } from "./entry-list";
import { FilterBar, type FilterDef } from "./filter-bar";
import type { PanelProps } from "./panel-props";
import { Pagination } from "./pagination";

type EntryPanelFrameProps<T extends Entry> = Pick<EntryListProps<T>, "labelOf" | "editForm" | "rows" | "canEdit" | "ordered"> & {
  kind: EntryKind;
  panel: PanelProps;
  page: Page<T>;
  /** The kind's own filters (search, sort and "Show deleted" come with every panel). */
  filters?: ReadonlyArray<FilterDef>;
  /** The "New …" form, for members who may write (not shown among deleted entries). */
  create: ReactNode;
  /** The extras (follow-ups, comment counts) the panel's list read beside its entries; read here after them if absent. */
  extras?: PanelExtras;
  /** What the panel says when the story has none yet: the title, and what to do (writers, readers). */
  empty: { title: string; write: ReactNode; read: string };
};

/**
 * The frame every entry panel shares: search, filters and the kind's orders (the registry's), the
 * "New …" form, the entries with their follow-ups and threads — or why there are none — and pages.
 */
export async function EntryPanelFrame<T extends Entry>({ kind, panel, page, filters = [], create, empty, extras: beside, ...list }: EntryPanelFrameProps<T>) {
  const { access, params, timeZone } = panel;
  const { noun, heading, searched } = KINDS[kind];
  const canWrite = access.role !== "reader";
  const deleted = params.deleted === "1";
  const filtered = ["q", "focus", ...filters.map((filter) => filter.name)].some((name) => params[name]);
  const sorts = Object.entries(entryModule(kind).orders).map(([value, order]) => ({ value, label: order.label }));
  const extras = await (beside?.loaded() ?? loadEntryExtras(access, kind, page.items.map((item) => item.id), timeZone));
  return (
    <section aria-label={heading} className="flex flex-col gap-3">
      {/* Where focus goes when an entry leaves the list (deleted, restored). */}
      <h2 tabIndex={-1} data-panel-focus className="sr-only">
        {heading}
      </h2>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <FilterBar searchLabel={searched ? `Search ${heading.toLowerCase()}` : undefined} filters={filters} sorts={sorts} />
        {canWrite && !deleted ? create : null}
      </div>
      {page.items.length === 0 ? (
        <EmptyState title={deleted ? `No deleted ${noun}s.` : filtered ? `No ${noun} matches these filters.` : empty.title}>
          {deleted || filtered ? `Clear the filters to see every ${noun}.` : canWrite ? empty.write : empty.read}
        </EmptyState>
      ) : (
        <EntryList {...list} extras={extras} items={page.items} storyId={access.storyId} kind={kind} canWrite={canWrite} />
      )}
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} params={params} />
    </section>
  );
}
