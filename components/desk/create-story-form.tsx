"use client";
import { useRouter } from "next/navigation";
import { createStoryAction } from "@/lib/actions/stories";
import { createStorySchema } from "@/lib/validations/story";
import { TextAreaField, TextField } from "@/components/ui/field";
import { FormFooter } from "@/components/ui/form-footer";
import { useActionForm } from "@/components/ui/use-action-form";

export function CreateStoryForm() {
  const router = useRouter();
  const { form, onSubmit, state, errorOf } = useActionForm({
    schema: createStorySchema,
    action: createStoryAction,
    defaultValues: { title: "", summary: "" },
    onSuccess: (data) => router.push(`/stories/${data.id}`),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New story" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3">
      <h2 className="text-sm font-semibold">New story</h2>
      <TextField label="Title" placeholder="What is the story?" error={errorOf("title")} {...form.register("title")} />
      <TextAreaField label="Summary" rows={2} placeholder="Optional: one or two lines on what we know so far" error={errorOf("summary")} {...form.register("summary")} />
      <FormFooter state={state} submitLabel="Create story" />
    </form>
  );
}
