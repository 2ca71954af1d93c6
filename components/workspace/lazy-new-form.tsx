"use client";
import { useEffect, useState, type ReactNode } from "react";
import { entryFormAction } from "@/lib/actions/entry-forms";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import type { FormOptions } from "@/lib/server/entry-forms";
import { EntryOptionsProvider } from "./entry-options";
import { FormLoading, useFormLoad } from "./lazy-entry-form";
import { NEW_FORMS, type NewFormExtras } from "./new-entry-forms";
import { useQuickAdd } from "./quick-add";

/** The action's refusal: its message is for the user (a failed fetch's is not). */
class Refused extends Error {}

const NO_OPTIONS: FormOptions = { sources: [], quotes: [], documents: [], assignees: [], links: [], currentUserId: "" };

/**
 * A panel's "New …" form, loaded when the user opens it (N or the button), as the edit forms
 * are (LazyEntryForm): its code, and its pickers' choices for this user from entryFormAction —
 * the page ships neither (issue 16: the Questions panel carried ~300 quotes for its link
 * picker, every panel the editor's code). QuickAdd holds the keys typed meanwhile; `loaded`
 * focuses the first field and types them into it.
 */
export function LazyNewForm<K extends EntryKind>({ storyId, kind, extras }: { storyId: string; kind: K; extras: NewFormExtras<K> }) {
  const [form, setForm] = useState<{ node: ReactNode; options: FormOptions } | null>(null);
  const { loaded, close } = useQuickAdd();
  const { attempt, fail, failed } = useFormLoad(close);
  const sourceId = "defaultSpeakerId" in extras ? (extras.defaultSpeakerId as string | undefined) : undefined;
  const extrasKey = JSON.stringify(extras);

  useEffect(() => {
    let current = true;
    const spec = NEW_FORMS[kind];
    const options = spec.options
      ? entryFormAction({ storyId, kind, ...(sourceId ? { sourceId } : {}) }).then((result) => {
          if (!result.ok) throw new Refused(result.message);
          return result.data.options;
        })
      : Promise.resolve(NO_OPTIONS);
    Promise.all([spec.load(), options]).then(
      ([render, options]) => current && setForm({ node: render(storyId, options, JSON.parse(extrasKey) as NewFormExtras<K>), options }),
      (failure: unknown) => {
        if (!current) return;
        fail(failure instanceof Refused ? failure.message : undefined);
        loaded(false);
      },
    );
    return () => {
      current = false;
    };
  }, [storyId, kind, sourceId, extrasKey, attempt, loaded, fail]);
  useEffect(() => {
    if (form) loaded(true);
  }, [form, loaded]);

  if (failed) return failed;
  if (!form) return <FormLoading />;
  return (
    <EntryOptionsProvider sources={form.options.sources} quotes={form.options.quotes}>
      {form.node}
    </EntryOptionsProvider>
  );
}
