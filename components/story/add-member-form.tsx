"use client";
import { addMemberAction } from "@/lib/actions/members";
import { addMemberSchema, MEMBER_ROLE_LABELS } from "@/lib/validations/member";
import { Button } from "@/components/ui/button";
import { SelectField, TextField, optionsOf } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useActionForm } from "@/components/ui/use-action-form";

const roleOptions = optionsOf(MEMBER_ROLE_LABELS);

/** A lead adds someone to the story by e-mail, with a role (shown with "Manage team"). */
export default function AddMemberForm({ storyId }: { storyId: string }) {
  const { form, onSubmit, state, errorOf } = useActionForm({
    schema: addMemberSchema,
    action: addMemberAction,
    defaultValues: { storyId, email: "", role: "contributor" },
    onSuccess: () => {
      form.reset({ storyId, email: "", role: "contributor" });
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add member" className="mt-2 flex flex-col gap-2 border-t border-slate-100 pt-2">
      <input type="hidden" {...form.register("storyId")} />
      <TextField label="Add by e-mail" type="email" placeholder="colleague@newsroom.example" error={errorOf("email")} {...form.register("email")} />
      <div className="flex items-end gap-2">
        <SelectField label="Role on this story" options={roleOptions} className="flex-1" {...form.register("role")} />
        <Button type="submit" disabled={state.kind === "saving"}>
          Add
        </Button>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
