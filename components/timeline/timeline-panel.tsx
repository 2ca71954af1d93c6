import { listTimeline } from "@/lib/server/timeline";
import type { TimelineEventView } from "@/lib/entry-kinds/timeline-event";
import { timelineFiltersSchema } from "@/lib/validations/workspace";
import { dateTimeAttribute, formatApproximate } from "@/lib/approximate-date";
import type { PanelProps } from "@/components/workspace/panel-props";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { panelExtras } from "@/components/workspace/entry-extras";
import { QuickAdd } from "@/components/workspace/quick-add";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";
import { rowsOf } from "@/components/workspace/entry-list";
import { EventRow, EventRows, type EventRowData } from "./event-row";

/** An event's row, said in words on the server (EventRow renders it). */
function eventRow(event: TimelineEventView, timeZone: string): EventRowData {
  return {
    at: [dateTimeAttribute(event.occurredAt, event.precision), formatApproximate({ at: event.occurredAt, precision: event.precision, until: event.occurredUntil }, timeZone)],
    what: event.what,
    ...(event.deletedAt ? { del: 1 as const } : {}),
    ...(event.sources.length ? { sources: event.sources.map((source) => source.label).join(", ") } : {}),
    by: event.loggedByName,
  };
}

/** An event read without controls (the story as of a moment): the same row, rendered on the server. */
export function EventSummary({ event, timeZone }: { event: TimelineEventView; timeZone: string }) {
  return <EventRow row={eventRow(event, timeZone)} />;
}

/** How an event is named to assistive technology, live and as of a moment. */
export const eventLabel = (event: TimelineEventView) => `event ${event.what}`;

export async function TimelinePanel(props: PanelProps) {
  const { access } = props;
  const extras = panelExtras(access, "timeline_event", props.timeZone);
  const page = await listTimeline(props.user, access.storyId, timelineFiltersSchema.parse(props.params), extras.beside);
  return (
    <EntryPanelFrame
      kind="timeline_event"
      extras={extras}
      panel={props}
      page={page}
      create={<QuickAdd label="New event"><LazyNewForm storyId={access.storyId} kind="timeline_event" extras={{}} /></QuickAdd>}
      empty={{ title: "The timeline is empty.", write: "Add what happened when, to the day or the minute: press N or “New event”.", read: "Events appear here when the team logs them." }}
      ordered
      labelOf={eventLabel}
      rows={rowsOf((event: TimelineEventView) => eventRow(event, props.timeZone), EventRows)}
    />
  );
}
