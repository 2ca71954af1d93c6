"use client";
import { Controller } from "react-hook-form";
import { createFollowUpAction, updateFollowUpAction } from "@/lib/actions/follow-ups";
import type { LinkOption } from "@/lib/server/follow-ups/links";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import {
  createFollowUpSchema,
  updateFollowUpSchema,
  type CreateFollowUpInput,
  type UpdateFollowUpInput,
} from "@/lib/validations/follow-ups";
import { PRIORITY_LABELS } from "@/lib/validations/common";
import { FormFooter } from "@/components/ui/form-footer";
import { SelectField, TextAreaField, TextField, optionsOf } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { ConflictNotice, useEntryConflict } from "@/components/workspace/conflict-notice";
import { useEntryEditing } from "@/components/workspace/entry-editing";
import { useQuickAdd } from "@/components/workspace/quick-add";
import { DueField } from "./due-field";

export type Person = { id: string; name: string };
/** A new follow-up's prefill: "Assign follow-up" on an entry, or a comment turned into one. */
export type FollowUpPrefill = { link?: string; title?: string; details?: string; fromCommentId?: string };

type Values = {
  title: string;
  details: string;
  assigneeId: string;
  dueAt: string;
  priority: keyof typeof PRIORITY_LABELS;
  link: string;
  reason: string;
};

const valuesOf = (followUp: FollowUpView): Values => ({
  title: followUp.title,
  details: followUp.details,
  assigneeId: followUp.assigneeId,
  dueAt: followUp.dueAt ? new Date(followUp.dueAt).toISOString() : "",
  priority: followUp.priority,
  link: followUp.link ? `${followUp.link.kind}:${followUp.link.id}` : "",
  reason: "",
});

export function FollowUpForm({
  storyId,
  followUp,
  assignees,
  links,
  currentUserId,
  prefill,
}: {
  storyId: string;
  followUp?: FollowUpView;
  /** Whom this user may assign to (contributors: only themselves). */
  assignees: Person[];
  links: LinkOption[];
  currentUserId: string;
  prefill?: FollowUpPrefill;
}) {
  const editing = useEntryEditing();
  const quickAdd = useQuickAdd();
  const close = followUp ? editing.close : quickAdd.close;
  const conflict = useEntryConflict<FollowUpView>(followUp?.version ?? 1);
  const empty: Values = {
    title: prefill?.title ?? "",
    details: prefill?.details ?? "",
    assigneeId: assignees.some((person) => person.id === currentUserId) && assignees.length === 1 ? currentUserId : "",
    dueAt: "",
    priority: "normal",
    link: prefill?.link ?? "",
    reason: "",
  };
  const { form, onSubmit, state, setState, errorOf } = useActionForm({
    schema: followUp ? updateFollowUpSchema : createFollowUpSchema,
    action: (input: CreateFollowUpInput | UpdateFollowUpInput) => ("followUpId" in input ? updateFollowUpAction(input) : createFollowUpAction(input)),
    toInput: ({ reason, ...values }: Values) =>
      followUp
        ? { ...values, reason, storyId, followUpId: followUp.id, version: conflict.version }
        : { ...values, storyId, ...(prefill?.fromCommentId ? { fromCommentId: prefill.fromCommentId } : {}) },
    defaultValues: followUp ? valuesOf(followUp) : empty,
    onSuccess: () => {
      if (!followUp) form.reset({ ...empty, link: "", title: "", details: "" });
      close();
    },
    onConflict: conflict.onConflict,
  });
  // The current assignee stays nameable even if this user could not pick them.
  const people = followUp && !assignees.some((p) => p.id === followUp.assigneeId) ? [{ id: followUp.assigneeId, name: followUp.assigneeName }, ...assignees] : assignees;
  const linkChoices = [{ value: "", label: "Nothing in particular" }, ...links];
  if (followUp?.link && !links.some((option) => option.value === `${followUp.link!.kind}:${followUp.link!.id}`)) {
    linkChoices.push({ value: `${followUp.link.kind}:${followUp.link.id}`, label: followUp.link.label });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label={followUp ? "Edit follow-up" : "New follow-up"} className="flex flex-col gap-2">
      <TextField label="Follow-up" placeholder="What needs doing? e.g. Call Microsoft's press office" error={errorOf("title")} {...form.register("title")} />
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
        <SelectField
          label="Assignee"
          options={[{ value: "", label: "Choose who…" }, ...people.map((person) => ({ value: person.id, label: person.id === currentUserId ? `${person.name} (me)` : person.name }))]}
          hint={assignees.length === 1 && assignees[0]!.id === currentUserId ? "As a contributor you can assign follow-ups to yourself." : undefined}
          error={errorOf("assigneeId")}
          {...form.register("assigneeId")}
        />
        <SelectField label="Priority" options={optionsOf(PRIORITY_LABELS)} error={errorOf("priority")} {...form.register("priority")} />
        <SelectField label="About" options={linkChoices} error={errorOf("link")} {...form.register("link")} />
      </div>
      <Controller control={form.control} name="dueAt" render={({ field }) => <DueField value={field.value} onChange={field.onChange} error={errorOf("dueAt")} />} />
      <TextAreaField label="Details" rows={2} placeholder="Who to call, what to ask, where to look" error={errorOf("details")} {...form.register("details")} />
      {followUp ? <TextField label="Why this change? (optional)" hint="Kept in the history with your edit." error={errorOf("reason")} {...form.register("reason")} /> : null}
      <ConflictNotice
        conflict={conflict}
        fields={(latest) => [
          ["Follow-up", latest.title],
          ["Assignee", latest.assigneeName],
          ["Due", latest.dueAt ? new Date(latest.dueAt).toLocaleString() : "No due time"],
        ]}
        onTakeTheirs={(latest) => form.reset(valuesOf(latest))}
        onResolved={() => setState({ kind: "idle" })}
      />
      <FormFooter state={state} submitLabel={followUp ? "Save follow-up" : "Assign follow-up"} onCancel={close} />
    </form>
  );
}
