import { sourceOptions } from "@/lib/server/sources/protection";
import { listTimeline } from "@/lib/server/timeline";
import type { TimelineEventView } from "@/lib/entry-kinds/timeline-event";
import { timelineFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/workspace/empty-state";
import { EntryList } from "@/components/workspace/entry-list";
import { loadEntryExtras } from "@/components/workspace/entry-extras";
import { EntryOptionsProvider } from "@/components/workspace/entry-options";
import { FilterBar } from "@/components/workspace/filter-bar";
import { Moment } from "@/components/workspace/moment";
import { Pagination } from "@/components/workspace/pagination";
import { QuickAdd } from "@/components/workspace/quick-add";
import { TimelineForm } from "./timeline-form";

export function EventSummary({ event }: { event: TimelineEventView }) {
  return (
    <div className="grid grid-cols-[9.5rem_1fr] gap-2 text-sm">
      <p className="font-medium text-slate-700">
        <Moment at={event.occurredAt} precision={event.precision} />
      </p>
      <div className="flex flex-col gap-0.5">
        <p className="text-slate-900">
          {event.what} {event.deletedAt ? <Badge tone="red">Deleted</Badge> : null}
        </p>
        {event.sources.length > 0 ? <p className="text-xs text-slate-600">According to {event.sources.map((source) => source.label).join(", ")}</p> : null}
        <p className="text-xs text-slate-500">Logged by {event.loggedByName}</p>
      </div>
    </div>
  );
}

/** How an event is named to assistive technology, live and as of a moment. */
export const eventLabel = (event: TimelineEventView) => `event ${event.what}`;

export async function TimelinePanel({ user, access, params, timeZone }: PanelProps) {
  const filters = timelineFiltersSchema.parse(params);
  const canWrite = access.role !== "reader";
  const [page, sources] = await Promise.all([listTimeline(user, access.storyId, filters), canWrite ? sourceOptions(access) : []]);
  const extras = await loadEntryExtras(access, "timeline_event", page.items.map((item) => item.id), timeZone);
  return (
    <EntryOptionsProvider sources={sources}>
    <section aria-label="Timeline" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <FilterBar
          searchLabel="Search the timeline"
          filters={[]}
          sorts={[
            { value: "asc", label: "Earliest first" },
            { value: "desc", label: "Latest first" },
          ]}
        />
        {canWrite && !filters.deleted ? (
          <QuickAdd label="New event">
            <TimelineForm storyId={access.storyId} />
          </QuickAdd>
        ) : null}
      </div>
      {page.items.length === 0 ? (
        <EmptyState title={filters.deleted ? "No deleted events." : filters.q ? "No event matches this search." : "The timeline is empty."}>
          {filters.deleted || filters.q ? "Clear the filters to see the whole timeline." : canWrite ? "Add what happened when, to the day or the minute: press N or “New event”." : "Events appear here when the team logs them."}
        </EmptyState>
      ) : (
        <EntryList
          extras={extras}
          ordered
          items={page.items}
          storyId={access.storyId}
          kind="timeline_event"
          canWrite={canWrite}
          labelOf={eventLabel}
          formOf={(event) => <TimelineForm storyId={access.storyId} event={event} />}
          summaryOf={(event) => <EventSummary event={event} />}
        />
      )}
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} params={params} />
    </section>
    </EntryOptionsProvider>
  );
}
