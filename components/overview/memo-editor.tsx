"use client";
import { useEffect, useState, type ReactNode } from "react";
import { Controller } from "react-hook-form";
import { updateMemoAction } from "@/lib/actions/stories";
import type { RichTextDoc } from "@/lib/rich-text";
import { updateMemoSchema, type UpdateMemoInput } from "@/lib/validations/story-memo";
import { RichTextEditor } from "@/components/editor/rich-text-editor";
import { ChangedWhileEditing } from "@/components/live/entry-live";
import { EditingHint, useLiveEntry } from "@/components/live/use-live-entry";
import { Button } from "@/components/ui/button";
import { FormFooter } from "@/components/ui/form-footer";
import { useActionForm } from "@/components/ui/use-action-form";

type Latest = { id: string; memo: RichTextDoc; version: number };

/**
 * The story's summary memo. A stale save is refused; the user chooses what to keep. `saved` is
 * the memo as saved, rendered by the server (shown when someone else saves under unsaved edits).
 */
export function MemoEditor({
  storyId,
  memo,
  version: initialVersion,
  saved,
  autoFocus = false,
  onCancel,
}: {
  storyId: string;
  memo: RichTextDoc;
  version: number;
  saved: ReactNode;
  autoFocus?: boolean;
  /** Closes the editor, dropping unsaved edits. */
  onCancel?: () => void;
}) {
  const [latest, setLatest] = useState<Latest | null>(null);
  const { form, onSubmit, state, setState } = useActionForm({
    schema: updateMemoSchema,
    action: updateMemoAction,
    // The version travels with the form's values, so following the server is one reset.
    toInput: (values: { memo: RichTextDoc; version: number }): UpdateMemoInput => ({ storyId, version: values.version, memo: values.memo }),
    defaultValues: { memo, version: initialVersion },
    onSuccess: (data) => {
      form.reset({ memo: data.memo as RichTextDoc, version: data.version });
    },
    onConflict: (value) => setLatest(value as Latest),
  });
  // Another save of the story (its title, say) moves the version on: follow it while the
  // memo has no unsaved edits, so only a real overlap is reported as a conflict.
  const dirty = form.formState.isDirty;
  useEffect(() => {
    if (!dirty) form.reset({ memo, version: initialVersion });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the server's version only
  }, [initialVersion]);
  // Others see "X is editing the memo" from the moment the editor has focus, not after a save;
  // the story moving on under unsaved edits is said at once (the save still checks the version).
  const [focused, setFocused] = useState(false);
  const live = useLiveEntry("story", storyId, focused || dirty);
  const behind = dirty && initialVersion > form.getValues("version");

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Memo"
      className="flex flex-col gap-2"
      onFocus={() => setFocused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <EditingHint kind="story" editors={live.editors} />
      {behind && !latest ? <ChangedWhileEditing kind="story" change={live.whileEditing} latest={saved} /> : null}
      <Controller control={form.control} name="memo" render={({ field }) => <RichTextEditor label="Summary memo" value={field.value} onChange={field.onChange} autoFocus={autoFocus} placeholder="What we know, what is disputed, what is still open…" />} />
      {latest ? (
        <div role="region" aria-label="Latest version" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-medium">Someone saved the story meanwhile (version {latest.version}). Your memo is still in the editor.</p>
          <div className="mt-2 flex gap-2">
            <Button
              variant="secondary"
              onClick={() => {
                form.setValue("version", latest.version);
                setLatest(null);
                setState({ kind: "idle" });
              }}
            >
              Keep my memo and save again
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                form.reset({ memo: latest.memo, version: latest.version });
                setLatest(null);
                setState({ kind: "idle" });
              }}
            >
              Load the latest memo
            </Button>
          </div>
        </div>
      ) : null}
      <FormFooter state={state} submitLabel="Save memo" onCancel={onCancel} />
    </form>
  );
}
