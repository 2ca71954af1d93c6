"use client";
import { Controller } from "react-hook-form";
import { formatApproximate } from "@/lib/approximate-date";
import { createTimelineEventAction, updateTimelineEventAction } from "@/lib/actions/timeline";
import type { TimelineEventView } from "@/lib/entry-kinds/timeline-event";
import {
  createTimelineEventSchema,
  updateTimelineEventSchema,
  type CreateTimelineEventInput,
  type UpdateTimelineEventInput,
} from "@/lib/validations/timeline";
import { TextAreaField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { ConflictNotice, useEntryConflict } from "@/components/workspace/conflict-notice";
import { useEntryEditing } from "@/components/workspace/entry-editing";
import { FormFooter } from "@/components/ui/form-footer";
import { useEntryOptions } from "@/components/workspace/entry-options";
import { SourceLinkPicker } from "@/components/sources/source-link-picker";
import { MomentField, momentToFormValue } from "@/components/workspace/moment-field";
import { useQuickAdd } from "@/components/workspace/quick-add";

type Values = { when: string; what: string; sourceIds: string[]; reason: string };

const valuesOf = (event: TimelineEventView): Values => ({ when: momentToFormValue(event.occurredAt, event.precision, event.occurredUntil), what: event.what, sourceIds: event.sourceIds, reason: "" });

export function TimelineForm({ storyId, event }: { storyId: string; event?: TimelineEventView }) {
  const { sources } = useEntryOptions();
  const editing = useEntryEditing();
  const quickAdd = useQuickAdd();
  const close = event ? editing.close : quickAdd.close;
  const conflict = useEntryConflict<TimelineEventView>(event?.version ?? 1);
  const version = conflict.version;
  const empty: Values = { when: "", what: "", sourceIds: [], reason: "" };
  const { form, onSubmit, state, setState, errorOf } = useActionForm({
    schema: event ? updateTimelineEventSchema : createTimelineEventSchema,
    action: (input: CreateTimelineEventInput | UpdateTimelineEventInput) => ("eventId" in input ? updateTimelineEventAction(input) : createTimelineEventAction(input)),
    toInput: (values: Values) => (event ? { ...values, storyId, eventId: event.id, version } : { ...values, storyId }),
    defaultValues: event ? valuesOf(event) : empty,
    onSuccess: () => {
      if (!event) form.reset(empty);
      close();
    },
    onConflict: conflict.onConflict,
  });
  const sourceOptions = [...sources, ...(event?.sources ?? []).filter((s) => !sources.some((o) => o.id === s.id))];

  return (
    <form onSubmit={onSubmit} noValidate aria-label={event ? "Edit event" : "New event"} className="flex flex-col gap-2">
      <Controller control={form.control} name="when" render={({ field }) => <MomentField label="When" required value={field.value} onChange={field.onChange} error={errorOf("when")} />} />
      <TextAreaField label="What happened" rows={2} error={errorOf("what")} {...form.register("what")} />
      <Controller control={form.control} name="sourceIds" render={({ field }) => <SourceLinkPicker storyId={storyId} label="According to" options={sourceOptions} value={field.value} onChange={field.onChange} error={errorOf("sourceIds")} />} />
      {event ? (
        <TextField label="Why this change? (optional)" hint="Kept in the history with your edit." error={errorOf("reason")} {...form.register("reason")} />
      ) : null}
      <ConflictNotice
        conflict={conflict}
        fields={(latest) => [
            // In the reader's zone, as the panel shows it (the form is only ever in the browser).
            ["When", formatApproximate({ at: new Date(latest.occurredAt), precision: latest.precision, until: latest.occurredUntil ? new Date(latest.occurredUntil) : null }, Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC")],
            ["What", latest.what],
          ]}
        onTakeTheirs={(latest) => form.reset(valuesOf(latest))}
        onResolved={() => setState({ kind: "idle" })}
      />
      <FormFooter state={state} submitLabel={event ? "Save event" : "Add event"} onCancel={close} />
    </form>
  );
}
