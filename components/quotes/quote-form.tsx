"use client";
import { useEffect, useRef } from "react";
import { Controller, type UseFormReturn } from "react-hook-form";
import { languageOfScript } from "@/lib/bidi";
import { createQuoteAction, updateQuoteAction } from "@/lib/actions/quotes";
import { EMPTY_DOC, type RichTextDoc } from "@/lib/rich-text";
import type { QuoteView } from "@/lib/entry-kinds/quote";
import {
  QUOTE_MEDIUM_LABELS,
  QUOTE_USE_LABELS,
  VERIFICATION_LABELS,
  createQuoteSchema,
  updateQuoteSchema,
  type CreateQuoteInput,
  type UpdateQuoteInput,
} from "@/lib/validations/quotes";
import { RichTextEditor } from "@/components/editor/rich-text-editor";
import { SelectField, TextAreaField, TextField, optionsOf } from "@/components/ui/field";
import { SpeakerPicker } from "@/components/sources/speaker-picker";
import { useActionForm } from "@/components/ui/use-action-form";
import { ConflictNotice, useEntryConflict } from "@/components/workspace/conflict-notice";
import { useEntryEditing } from "@/components/workspace/entry-editing";
import { FormFooter } from "@/components/ui/form-footer";
import { useEntryOptions } from "@/components/workspace/entry-options";
import { MomentField, momentToFormValue } from "@/components/workspace/moment-field";
import { useQuickAdd } from "@/components/workspace/quick-add";

type Values = {
  speakerId: string;
  text: string;
  saidAt: string;
  medium: keyof typeof QUOTE_MEDIUM_LABELS;
  link: string;
  language: string;
  verification: keyof typeof VERIFICATION_LABELS;
  use: keyof typeof QUOTE_USE_LABELS;
  notes: RichTextDoc;
  reason: string;
};

const valuesOf = (quote: QuoteView): Values => ({
  speakerId: quote.speakerId,
  text: quote.text,
  saidAt: momentToFormValue(quote.saidAt, quote.saidAtPrecision, quote.saidUntil),
  medium: quote.medium,
  link: quote.link,
  language: quote.language,
  verification: quote.verification,
  use: quote.use,
  notes: quote.notes,
  reason: "",
});

/** Logs a quote, or edits one; changing the quoted words needs a reason, kept in the history. */
/**
 * The quote's language follows the script of its words as they are typed (Hebrew → he, Arabic →
 * ar…), until the user sets the language by hand; Latin words leave it as it was (their script
 * does not say which language). Returns what marks the language as set by hand.
 */
function useDetectedLanguage(form: UseFormReturn<Values>, text: string, initial: string): () => void {
  const detected = useRef(false);
  const byHand = useRef(false);
  useEffect(() => {
    if (byHand.current) return;
    const language = languageOfScript(text);
    const next = language ?? (detected.current ? initial : form.getValues("language"));
    detected.current = language !== null;
    if (next !== form.getValues("language")) form.setValue("language", next);
  }, [form, text, initial]);
  return () => {
    byHand.current = true;
  };
}

export function QuoteForm({ storyId, quote, defaultSpeakerId }: { storyId: string; quote?: QuoteView; defaultSpeakerId?: string }) {
  const { sources: speakers } = useEntryOptions();
  const editing = useEntryEditing();
  const quickAdd = useQuickAdd();
  const close = quote ? editing.close : quickAdd.close;
  const conflict = useEntryConflict<QuoteView>(quote?.version ?? 1);
  const version = conflict.version;
  const empty: Values = {
    speakerId: defaultSpeakerId ?? "",
    text: "",
    saidAt: "",
    medium: "statement",
    link: "",
    language: "en",
    verification: "unverified",
    use: "quotable",
    notes: EMPTY_DOC,
    reason: "",
  };
  const { form, onSubmit, state, setState, errorOf } = useActionForm({
    schema: quote ? updateQuoteSchema : createQuoteSchema,
    action: (input: CreateQuoteInput | UpdateQuoteInput) => ("quoteId" in input ? updateQuoteAction(input) : createQuoteAction(input)),
    toInput: (values: Values) => {
      const { reason, ...fields } = values;
      return quote ? { ...fields, storyId, quoteId: quote.id, version, reason } : { ...fields, storyId };
    },
    defaultValues: quote ? valuesOf(quote) : empty,
    onSuccess: () => {
      if (!quote) form.reset({ ...empty, speakerId: form.getValues("speakerId") });
      close();
    },
    onConflict: conflict.onConflict,
  });
  const text = form.watch("text");
  const textChanged = quote !== undefined && text !== quote.text;
  const markLanguageSetByHand = useDetectedLanguage(form, text, quote?.language ?? "en");

  return (
    <form onSubmit={onSubmit} noValidate aria-label={quote ? "Edit quote" : "New quote"} className="flex flex-col gap-2">
      {/* The story's newest sources (and this quote's speaker), and a search for any other:
          a story of a thousand sources does not send its whole list with the form. */}
      <Controller
        control={form.control}
        name="speakerId"
        render={({ field }) => (
          <SpeakerPicker
            storyId={storyId}
            known={speakers}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            allowNew={false}
            placeholder={speakers.length ? "Choose a source…" : "Log a source first"}
            error={errorOf("speakerId")}
          />
        )}
      />
      <TextAreaField label="Exact words" rows={3} dir="auto" error={errorOf("text")} {...form.register("text")} />
      {quote ? (
        <TextField
          label={textChanged ? "Why did the words change? (required)" : "Why this change? (optional)"}
          hint="Kept in the quote's history with your edit."
          error={errorOf("reason")}
          {...form.register("reason")}
        />
      ) : null}
      {/* The language next to the words it is detected from (one Tab away); the date on a row of
          its own, wide enough for a range; one column on a phone. */}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 xl:grid-cols-3">
        <TextField label="Language" hint="Set from the script as you type; en, he, ar, fr…" error={errorOf("language")} {...form.register("language", { onChange: markLanguageSetByHand })} />
        <SelectField label="Where" options={optionsOf(QUOTE_MEDIUM_LABELS)} error={errorOf("medium")} {...form.register("medium")} />
        <SelectField label="Verification" options={optionsOf(VERIFICATION_LABELS)} error={errorOf("verification")} {...form.register("verification")} />
        <div className="sm:col-span-2 xl:col-span-3">
          <Controller control={form.control} name="saidAt" render={({ field }) => <MomentField label="Said on" value={field.value} onChange={field.onChange} error={errorOf("saidAt")} />} />
        </div>
        <SelectField label="Use" options={optionsOf(QUOTE_USE_LABELS)} error={errorOf("use")} {...form.register("use")} />
        <TextField label="Link" type="url" placeholder="https://" error={errorOf("link")} {...form.register("link")} />
      </div>
      <Controller control={form.control} name="notes" render={({ field }) => <RichTextEditor label="Notes" value={field.value} onChange={field.onChange} />} />
      <ConflictNotice
        conflict={conflict}
        fields={(latest) => [
            ["Speaker", latest.speaker.label],
            ["Words", latest.text],
            ["Verification", VERIFICATION_LABELS[latest.verification]],
            ["Use", QUOTE_USE_LABELS[latest.use]],
          ]}
        onTakeTheirs={(latest) => form.reset(valuesOf(latest))}
        onResolved={() => setState({ kind: "idle" })}
      />
      <FormFooter state={state} submitLabel={quote ? "Save quote" : "Add quote"} onCancel={close} />
    </form>
  );
}
