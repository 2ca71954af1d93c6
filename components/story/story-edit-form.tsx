"use client";
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { updateStoryAction } from "@/lib/actions/stories";
import { STORY_STATUS_LABELS, updateStorySchema, type StoryStatusValue } from "@/lib/validations/story";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField, optionsOf } from "@/components/ui/field";
import { FormFooter } from "@/components/ui/form-footer";
import { useActionForm } from "@/components/ui/use-action-form";

export type StoryFields = { id: string; title: string; summary: string; status: StoryStatusValue; version: number };

/** Edits carry the version they started from; a stale edit shows the latest beside the user's text. */
export function StoryEditForm({ story }: { story: StoryFields }) {
  const router = useRouter();
  const [latest, setLatest] = useState<StoryFields | null>(null);
  const { form, onSubmit, state, setState, errorOf } = useActionForm({
    schema: updateStorySchema,
    action: updateStoryAction,
    defaultValues: { storyId: story.id, version: story.version, title: story.title, summary: story.summary, status: story.status },
    onSuccess: (data) => {
      setLatest(null);
      form.reset({ storyId: data.id, version: data.version, title: data.title, summary: data.summary, status: data.status });
    },
    onConflict: (value) => setLatest(value as StoryFields),
  });

  // Follow saves made elsewhere (the memo, say) while this form has no unsaved edits.
  const dirty = form.formState.isDirty;
  useEffect(() => {
    if (!dirty) form.reset({ storyId: story.id, version: story.version, title: story.title, summary: story.summary, status: story.status });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follow the server's version only
  }, [story.version]);

  const keepMine = () => {
    if (!latest) return;
    form.setValue("version", latest.version);
    setLatest(null);
    setState({ kind: "idle" });
  };
  const takeTheirs = () => {
    if (!latest) return;
    form.reset({ storyId: latest.id, version: latest.version, title: latest.title, summary: latest.summary, status: latest.status });
    setLatest(null);
    setState({ kind: "idle" });
    router.refresh();
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Edit story" className="flex flex-col gap-2">
      <input type="hidden" {...form.register("storyId")} />
      <input type="hidden" {...form.register("version")} />
      <TextField label="Title" error={errorOf("title")} {...form.register("title")} />
      <TextAreaField label="Summary" rows={3} error={errorOf("summary")} {...form.register("summary")} />
      <SelectField label="Status" options={optionsOf(STORY_STATUS_LABELS)} error={errorOf("status")} className="max-w-48" {...form.register("status")} />
      {latest ? (
        <div role="region" aria-label="Latest version" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          <p className="font-medium text-amber-900">Latest saved version (version {latest.version})</p>
          <dl className="mt-1 grid grid-cols-[6rem_1fr] gap-x-2 gap-y-1 text-amber-900">
            <dt className="font-medium">Title</dt>
            <dd>{latest.title}</dd>
            <dt className="font-medium">Summary</dt>
            <dd className="whitespace-pre-wrap">{latest.summary || "—"}</dd>
            <dt className="font-medium">Status</dt>
            <dd>{STORY_STATUS_LABELS[latest.status]}</dd>
          </dl>
          <div className="mt-2 flex gap-2">
            <Button variant="secondary" onClick={keepMine}>
              Keep my edit and save again
            </Button>
            <Button variant="ghost" onClick={takeTheirs}>
              Discard my edit
            </Button>
          </div>
        </div>
      ) : null}
      <FormFooter state={state} submitLabel="Save story" />
    </form>
  );
}
