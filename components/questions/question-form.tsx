"use client";
import { Controller } from "react-hook-form";
import { createQuestionAction, updateQuestionAction } from "@/lib/actions/questions";
import { EMPTY_DOC, type RichTextDoc } from "@/lib/rich-text";
import type { QuestionView } from "@/lib/entry-kinds/question";
import { PRIORITY_LABELS } from "@/lib/validations/common";
import {
  QUESTION_STATUS_LABELS,
  createQuestionSchema,
  updateQuestionSchema,
  type CreateQuestionInput,
  type UpdateQuestionInput,
} from "@/lib/validations/questions";
import { RichTextEditor } from "@/components/editor/rich-text-editor";
import { SelectField, TextAreaField, TextField, optionsOf } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { ConflictNotice, useEntryConflict } from "@/components/workspace/conflict-notice";
import { useEntryEditing } from "@/components/workspace/entry-editing";
import { FormFooter } from "@/components/ui/form-footer";
import { useEntryOptions } from "@/components/workspace/entry-options";
import { LinkPicker } from "@/components/workspace/link-picker";
import { SourceLinkPicker } from "@/components/sources/source-link-picker";
import { useQuickAdd } from "@/components/workspace/quick-add";

type Values = {
  text: string;
  whyItMatters: string;
  priority: keyof typeof PRIORITY_LABELS;
  status: keyof typeof QUESTION_STATUS_LABELS;
  answer: RichTextDoc;
  answerQuoteIds: string[];
  answerSourceIds: string[];
  reason: string;
};

const valuesOf = (question: QuestionView): Values => ({
  text: question.text,
  whyItMatters: question.whyItMatters,
  priority: question.priority,
  status: question.status,
  answer: question.answer,
  answerQuoteIds: question.answerQuoteIds,
  answerSourceIds: question.answerSourceIds,
  reason: "",
});

export function QuestionForm({ storyId, question }: { storyId: string; question?: QuestionView }) {
  const { quotes, sources } = useEntryOptions();
  const editing = useEntryEditing();
  const quickAdd = useQuickAdd();
  const close = question ? editing.close : quickAdd.close;
  const conflict = useEntryConflict<QuestionView>(question?.version ?? 1);
  const version = conflict.version;
  const empty: Values = { text: "", whyItMatters: "", priority: "normal", status: "open", answer: EMPTY_DOC, answerQuoteIds: [], answerSourceIds: [], reason: "" };
  const { form, onSubmit, state, setState, errorOf } = useActionForm({
    schema: question ? updateQuestionSchema : createQuestionSchema,
    action: (input: CreateQuestionInput | UpdateQuestionInput) => ("questionId" in input ? updateQuestionAction(input) : createQuestionAction(input)),
    toInput: (values: Values) => (question ? { ...values, storyId, questionId: question.id, version } : { ...values, storyId }),
    defaultValues: question ? valuesOf(question) : empty,
    onSuccess: () => {
      if (!question) form.reset(empty);
      close();
    },
    onConflict: conflict.onConflict,
  });
  // Known links that fell out of the pickers' lists (older quotes) stay nameable.
  const quoteOptions = [...quotes, ...(question?.answerQuotes ?? []).filter((q) => !quotes.some((o) => o.id === q.id)).map((q) => ({ id: q.id, label: `${q.speaker.label}: “${q.text.slice(0, 80)}”` }))];

  // The sources it names stay nameable when they are not among the newest the list starts with.
  const sourceOptions = [...sources, ...(question?.answerSources ?? []).filter((s) => !sources.some((o) => o.id === s.id))];

  return (
    <form onSubmit={onSubmit} noValidate aria-label={question ? "Edit question" : "New question"} className="flex flex-col gap-2">
      <TextField label="Question" placeholder="What do we still need to find out?" error={errorOf("text")} {...form.register("text")} />
      <TextAreaField label="Why it matters" rows={2} error={errorOf("whyItMatters")} {...form.register("whyItMatters")} />
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <SelectField label="Priority" options={optionsOf(PRIORITY_LABELS)} error={errorOf("priority")} {...form.register("priority")} />
        <SelectField label="Status" options={optionsOf(QUESTION_STATUS_LABELS)} error={errorOf("status")} {...form.register("status")} />
      </div>
      <Controller control={form.control} name="answer" render={({ field }) => <RichTextEditor label="Answer" value={field.value} onChange={field.onChange} placeholder="What we found, once we know" />} />
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <Controller control={form.control} name="answerQuoteIds" render={({ field }) => <LinkPicker label="Answered by quotes" options={quoteOptions} value={field.value} onChange={field.onChange} error={errorOf("answerQuoteIds")} />} />
        <Controller control={form.control} name="answerSourceIds" render={({ field }) => <SourceLinkPicker storyId={storyId} label="Answered by sources" options={sourceOptions} value={field.value} onChange={field.onChange} error={errorOf("answerSourceIds")} />} />
      </div>
      {question ? (
        <TextField label="Why this change? (optional)" hint="Kept in the history with your edit." error={errorOf("reason")} {...form.register("reason")} />
      ) : null}
      <ConflictNotice
        conflict={conflict}
        fields={(latest) => [
            ["Question", latest.text],
            ["Priority", PRIORITY_LABELS[latest.priority]],
            ["Status", QUESTION_STATUS_LABELS[latest.status]],
          ]}
        onTakeTheirs={(latest) => form.reset(valuesOf(latest))}
        onResolved={() => setState({ kind: "idle" })}
      />
      <FormFooter state={state} submitLabel={question ? "Save question" : "Add question"} onCancel={close} />
    </form>
  );
}
