"use client";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { entryFormAction } from "@/lib/actions/entry-forms";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import type { EntryFormData } from "@/lib/server/entry-forms";
import type { ViewOf } from "@/lib/entry-kinds";
import { Button } from "@/components/ui/button";
import { useEntryEditing } from "./entry-editing";
import { EntryOptionsProvider } from "./entry-options";
import { EDIT_FORMS } from "./entry-forms";
import { UNREACHABLE } from "@/components/ui/unreachable";

/**
 * An entry's edit form, loaded when the user opens it (Edit): the panel ships each entry's read
 * view only (issue 16: a page of 50 quotes carried 50 forms and 50 speaker lists).
 *
 * Why a server action that returns the form's data, rather than each form rendered on the server
 * and only its code split off with next/dynamic: what makes a form heavy in the page is its
 * data — the entry's every field, rich text included, and its pickers' choices, serialized per
 * entry into the RSC payload — not only its code. Asked for when opened, the data is the entry
 * as it is now (an edit starts from the latest version, not from the page's) and the choices
 * this user may pick, named through the protection lens; the code still comes with
 * next/dynamic (entry-forms.tsx), so the editor loads when someone edits. While the form is
 * open its data is held here: the live desk refreshing the page does not replace it.
 */
export function LazyEntryForm({ storyId, kind, entryId }: { storyId: string; kind: EntryKind; entryId: string }) {
  const [data, setData] = useState<EntryFormData | null>(null);
  const { close } = useEntryEditing();
  const { attempt, fail, failed } = useFormLoad(close);
  useEffect(() => {
    let current = true;
    entryFormAction({ storyId, kind, entryId }).then(
      (result) => {
        if (!current) return;
        if (result.ok) setData(result.data);
        else fail(result.message);
      },
      () => current && fail(),
    );
    return () => {
      current = false;
    };
  }, [storyId, kind, entryId, attempt, fail]);

  const form = EDIT_FORMS[kind] as ((entry: ViewOf<EntryKind>, options: EntryFormData["options"], storyId: string) => ReactNode) | undefined;
  if (failed) return failed;
  if (!data?.entry || !form) return <FormLoading />;
  return (
    <EntryOptionsProvider sources={data.options.sources} quotes={data.options.quotes}>
      {form(data.entry, data.options, storyId)}
    </EntryOptionsProvider>
  );
}

/** A lazily loaded form on its way (edit or "New …"). */
export function FormLoading() {
  return (
    <p role="status" className="text-xs text-slate-500">
      Loading the form…
    </p>
  );
}


/**
 * A lazily loaded form's failure and retry (edit or "New …"): `fail` records why (the action's
 * message, else that the server could not be reached), `attempt` changes to load again, and
 * `failed` is what to show instead of the form meanwhile (null while nothing failed).
 */
export function useFormLoad(cancel: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const fail = useCallback((message?: string) => setError(message ?? UNREACHABLE), []);
  const retry = () => {
    setError(null);
    setAttempt((n) => n + 1);
  };
  return { attempt, fail, failed: error ? <FormLoadFailed error={error} retry={retry} cancel={cancel} /> : null };
}

/** A lazily loaded form that did not arrive: why, and try again or give up. */
function FormLoadFailed({ error, retry, cancel }: { error: string; retry: () => void; cancel: () => void }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <p role="alert" className="text-sm text-red-700">
        {error}
      </p>
      <Button variant="secondary" onClick={retry}>
        Try again
      </Button>
      <Button variant="ghost" onClick={cancel}>
        Cancel
      </Button>
    </div>
  );
}
