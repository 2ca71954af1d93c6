"use client";
import { useState } from "react";
import { createClaimAction, updateClaimAction } from "@/lib/actions/evidence";
import type { ClaimView } from "@/lib/entry-kinds/claim";
import { CLAIM_KIND_LABELS, CLAIM_STATUS_LABELS, createClaimSchema, updateClaimSchema, type CreateClaimInput, type UpdateClaimInput, type ClaimKindValue, type ClaimStatusValue } from "@/lib/validations/evidence";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField, optionsOf } from "@/components/ui/field";
import { FormFooter } from "@/components/ui/form-footer";
import { useActionForm } from "@/components/ui/use-action-form";
import { ConflictNotice, useEntryConflict } from "@/components/workspace/conflict-notice";
import { useEntryEditing } from "@/components/workspace/entry-editing";
import { useQuickAdd } from "@/components/workspace/quick-add";

// "Record a disagreement": the contested detail, its kind, each report's version (a document and
// the words it uses — the server finds them and anchors them), the status and its reason.

type Version = { documentId: string; words: string; start?: number; end?: number };
type Values = { detail: string; kind: ClaimKindValue; status: ClaimStatusValue; resolvedFor: string; reason: string; versions: Version[]; editReason: string };

const valuesOf = (claim: ClaimView): Values => ({
  detail: claim.detail,
  kind: claim.kind,
  status: claim.status,
  resolvedFor: claim.resolvedFor === null ? "" : String(claim.resolvedFor),
  reason: claim.reason,
  versions: claim.versions.map((version) => ({ documentId: version.documentId, words: version.text, start: version.anchor[1].start, end: version.anchor[1].end })),
  editReason: "",
});

export type ClaimPrefill = { documentId: string; words: string; start: number; end: number };

export function ClaimForm({ storyId, claim, documents, prefill }: { storyId: string; claim?: ClaimView; documents: ReadonlyArray<{ value: string; label: string }>; prefill?: ClaimPrefill }) {
  const editing = useEntryEditing();
  const quickAdd = useQuickAdd();
  const close = claim ? editing.close : quickAdd.close;
  const conflict = useEntryConflict<ClaimView>(claim?.version ?? 1);
  // Each version starts on a different report (a disagreement is between two), the prefilled one's excepted.
  const others = documents.filter((document) => document.value !== prefill?.documentId);
  const blank = (index: number): Version => ({ documentId: others[index % Math.max(others.length, 1)]?.value ?? documents[0]?.value ?? "", words: "" });
  const empty: Values = { detail: "", kind: "actor", status: "open", resolvedFor: "", reason: "", versions: prefill ? [prefill, blank(0)] : [blank(0), blank(1)], editReason: "" };
  const [count, setCount] = useState((claim ? claim.versions.length : empty.versions.length) || 1);
  const { form, onSubmit, state, setState, errorOf } = useActionForm({
    schema: claim ? updateClaimSchema : createClaimSchema,
    action: (input: CreateClaimInput | UpdateClaimInput) => ("claimId" in input ? updateClaimAction(input) : createClaimAction(input)),
    toInput: (values: Values) => {
      const versions = values.versions
        .slice(0, count)
        .filter((version) => version.documentId && version.words.trim())
        .map((version) => ({ passage: { documentId: version.documentId, words: version.words, start: version.start, end: version.end } }));
      const base = { storyId, detail: values.detail, kind: values.kind, status: values.status, resolvedFor: values.resolvedFor, reason: values.reason, versions };
      return claim ? { ...base, claimId: claim.id, version: conflict.version, editReason: values.editReason } : base;
    },
    defaultValues: claim ? valuesOf(claim) : empty,
    onSuccess: () => {
      if (!claim) form.reset(empty);
      close();
    },
    onConflict: conflict.onConflict,
  });
  const status = form.watch("status");

  return (
    <form onSubmit={onSubmit} noValidate aria-label={claim ? "Edit claim" : "Record a disagreement"} className="flex flex-col gap-2">
      <TextField label="The contested detail" placeholder="Who carried out the operation" error={errorOf("detail")} {...form.register("detail")} />
      <SelectField label="Kind of detail" options={optionsOf(CLAIM_KIND_LABELS)} error={errorOf("kind")} {...form.register("kind")} />
      <fieldset className="flex flex-col gap-2 rounded border border-slate-200 p-2">
        <legend className="px-1 text-xs font-medium text-slate-700">Each report’s version</legend>
        {documents.length === 0 ? <p className="text-xs text-slate-600">Add the reports in Evidence first; then pick the words each one uses.</p> : null}
        {Array.from({ length: count }, (_, index) => (
          <div key={index} className="grid grid-cols-1 gap-2 sm:grid-cols-2">
            <SelectField label={`Version ${index + 1}: document`} options={documents} {...form.register(`versions.${index}.documentId`)} />
            <TextAreaField label={`Version ${index + 1}: the words it uses`} rows={2} dir="auto" {...form.register(`versions.${index}.words`)} />
          </div>
        ))}
        <p className="text-xs text-red-700" role={errorOf("versions") ? "alert" : undefined}>
          {errorOf("versions")}
        </p>
        {count < 20 ? (
          <Button variant="secondary" size="sm" className="self-start" onClick={() => setCount(count + 1)}>
            Add another version
          </Button>
        ) : null}
      </fieldset>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <SelectField label="Status" options={optionsOf(CLAIM_STATUS_LABELS)} error={errorOf("status")} {...form.register("status")} />
        {status === "resolved_for" ? (
          <SelectField
            label="Resolved for"
            options={[{ value: "", label: "Choose a version" }, ...Array.from({ length: count }, (_, index) => ({ value: String(index), label: `Version ${index + 1}` }))]}
            error={errorOf("resolvedFor")}
            {...form.register("resolvedFor")}
          />
        ) : null}
      </div>
      <TextAreaField label="Reason" rows={2} hint="Why it stands this way: who confirmed what." error={errorOf("reason")} {...form.register("reason")} />
      {claim ? <TextField label="Why this change? (optional)" hint="Kept in the history with your edit." {...form.register("editReason")} /> : null}
      <ConflictNotice
        conflict={conflict}
        fields={(latest) => [
          ["Detail", latest.detail],
          ["Status", CLAIM_STATUS_LABELS[latest.status]],
        ]}
        onTakeTheirs={(latest) => form.reset(valuesOf(latest))}
        onResolved={() => setState({ kind: "idle" })}
      />
      <FormFooter state={state} submitLabel={claim ? "Save claim" : "Record claim"} onCancel={close} />
    </form>
  );
}
