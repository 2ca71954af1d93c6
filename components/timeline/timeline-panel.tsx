import { listTimeline } from "@/lib/server/timeline";
import type { TimelineEventView } from "@/lib/entry-kinds/timeline-event";
import { timelineFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { Badge } from "@/components/ui/badge";
import { Moment } from "@/components/workspace/moment";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { QuickAdd } from "@/components/workspace/quick-add";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";

export function EventSummary({ event }: { event: TimelineEventView }) {
  return (
    <div className="grid grid-cols-[9.5rem_1fr] gap-2 text-sm">
      <p className="font-medium text-slate-700">
        <Moment at={event.occurredAt} precision={event.precision} until={event.occurredUntil} />
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

export async function TimelinePanel(props: PanelProps) {
  const { access } = props;
  const page = await listTimeline(props.user, access.storyId, timelineFiltersSchema.parse(props.params));
  return (
    <EntryPanelFrame
      kind="timeline_event"
      panel={props}
      page={page}
      create={<QuickAdd label="New event"><LazyNewForm storyId={access.storyId} kind="timeline_event" extras={{}} /></QuickAdd>}
      empty={{ title: "The timeline is empty.", write: "Add what happened when, to the day or the minute: press N or “New event”.", read: "Events appear here when the team logs them." }}
      ordered
      labelOf={eventLabel}
      summaryOf={(event) => <EventSummary event={event} />}
    />
  );
}
