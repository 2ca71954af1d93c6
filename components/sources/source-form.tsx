"use client";
import { Controller } from "react-hook-form";
import { createSourceAction, updateSourceAction } from "@/lib/actions/sources";
import { EMPTY_DOC, type RichTextDoc } from "@/lib/rich-text";
import type { SourceView } from "@/lib/entry-kinds/source";
import {
  PROTECTION_LABELS,
  RELIABILITY_LABELS,
  SOURCE_KIND_LABELS,
  createSourceSchema,
  updateSourceSchema,
  type CreateSourceInput,
  type UpdateSourceInput,
  type ProtectionValue,
  type ReliabilityValue,
  type SourceKindValue,
  lowers,
} from "@/lib/validations/sources";
import { RichTextEditor } from "@/components/editor/rich-text-editor";
import { FieldError, SelectField, TextAreaField, TextField, optionsOf } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { ConflictNotice, useEntryConflict } from "@/components/workspace/conflict-notice";
import { useEntryEditing } from "@/components/workspace/entry-editing";
import { FormFooter } from "@/components/ui/form-footer";
import { useQuickAdd } from "@/components/workspace/quick-add";

type Values = {
  name: string;
  kind: SourceKindValue;
  affiliation: string;
  link: string;
  notes: RichTextDoc;
  reliability: ReliabilityValue;
  protection: ProtectionValue;
  contact: string;
  reason: string;
};

function valuesOf(source: SourceView): Values {
  return {
    name: source.name ?? "",
    kind: source.kind,
    affiliation: source.affiliation ?? "",
    link: source.link,
    notes: source.notes,
    reliability: source.reliability,
    protection: source.protection,
    contact: "",
    reason: "",
  };
}

/**
 * Logs a new source, or edits one. A member who may not see a source's protected fields
 * never gets them: those inputs are not shown and not sent (the server keeps them).
 */
export function SourceForm({ storyId, source }: { storyId: string; source?: SourceView }) {
  const editing = useEntryEditing();
  const quickAdd = useQuickAdd();
  const close = source ? editing.close : quickAdd.close;
  const conflict = useEntryConflict<SourceView>(source?.version ?? 1);
  const version = conflict.version;
  const identityEditable = !source || !source.identityHidden;
  const contactEditable = !source || source.canSeeProtected;

  const toInput = (values: Values): CreateSourceInput | UpdateSourceInput => {
    const input = {
      ...values,
      storyId,
      // A hidden (or burned) identity was never sent: nothing of it is sent back.
      ...(identityEditable ? {} : { name: undefined, affiliation: undefined, link: undefined, notes: undefined }),
      ...(source && (!contactEditable || values.contact === "") ? { contact: undefined } : {}),
    };
    return source ? { ...input, sourceId: source.id, version } : (input as CreateSourceInput);
  };
  const empty: Values = { name: "", kind: "person", affiliation: "", link: "", notes: EMPTY_DOC, reliability: "unassessed", protection: "on_record", contact: "", reason: "" };
  const { form, onSubmit, state, setState, errorOf } = useActionForm({
    schema: source ? updateSourceSchema : createSourceSchema,
    action: (input: CreateSourceInput | UpdateSourceInput) =>
      "sourceId" in input ? updateSourceAction(input) : createSourceAction(input),
    toInput,
    defaultValues: source ? valuesOf(source) : empty,
    onSuccess: () => {
      if (!source) form.reset(empty);
      close();
    },
    onConflict: conflict.onConflict,
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={source ? `Edit source ${source.displayName}` : "New source"} className="flex flex-col gap-2">
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        {identityEditable ? (
          <TextField label="Name" autoComplete="off" error={errorOf("name")} {...form.register("name")} />
        ) : (
          <p className="text-sm text-slate-600">
            Identity: <span className="font-medium">{source?.displayName}</span> (only the story&apos;s leads and the reporter who logged it see who this is)
          </p>
        )}
        <SelectField label="Kind" options={optionsOf(SOURCE_KIND_LABELS)} error={errorOf("kind")} {...form.register("kind")} />
        {identityEditable ? <TextField label="Role or affiliation" autoComplete="off" error={errorOf("affiliation")} {...form.register("affiliation")} /> : null}
        {identityEditable ? <TextField label="Link" type="url" placeholder="https://" error={errorOf("link")} {...form.register("link")} /> : null}
        <SelectField label="Reliability" options={optionsOf(RELIABILITY_LABELS)} error={errorOf("reliability")} {...form.register("reliability")} />
        <SelectField
          label="Protection"
          options={source ? optionsOf(PROTECTION_LABELS).filter((option) => !lowers(source.protection, option.value)) : optionsOf(PROTECTION_LABELS)}
          hint={
            source && source.protection !== "on_record"
              ? "Raise it here; a story lead lowers it with “Lower protection…”, giving a reason."
              : "Every identity is encrypted; confidential ones are hidden from everyone but the story's leads and you."
          }
          error={errorOf("protection")}
          {...form.register("protection")}
        />
      </div>
      {contactEditable ? (
        <TextAreaField
          label="Contact details"
          rows={2}
          autoComplete="off"
          placeholder={source?.hasContact ? "Stored and encrypted. Type to replace it; leave empty to keep it." : "How to reach them (encrypted; only leads and you see it)"}
          error={errorOf("contact")}
          {...form.register("contact")}
        />
      ) : null}
      {identityEditable ? (
        <>
          <Controller
            control={form.control}
            name="notes"
            render={({ field }) => <RichTextEditor label="Notes" value={field.value} onChange={field.onChange} placeholder="What we know about this source (encrypted; hidden with its identity when confidential)" />}
          />
          <FieldError error={errorOf("notes")} />
        </>
      ) : null}
      {source ? (
        <TextField label="Why this change? (optional)" hint="Kept in the history with your edit." error={errorOf("reason")} {...form.register("reason")} />
      ) : null}
      <ConflictNotice
        conflict={conflict}
        fields={(latest) => [
            ["Name", latest.displayName],
            ["Kind", SOURCE_KIND_LABELS[latest.kind]],
            ["Reliability", RELIABILITY_LABELS[latest.reliability]],
            ["Protection", PROTECTION_LABELS[latest.protection]],
            ["Link", latest.link],
          ]}
        onTakeTheirs={(latest) => form.reset(valuesOf(latest))}
        onResolved={() => setState({ kind: "idle" })}
      />
      <FormFooter state={state} submitLabel={source ? "Save source" : "Add source"} onCancel={close} />
    </form>
  );
}
