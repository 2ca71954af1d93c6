"use client";
import { createUserAction } from "@/lib/actions/users";
import { USER_ROLE_LABELS, createUserSchema } from "@/lib/validations/user";
import { SelectField, TextField, optionsOf } from "@/components/ui/field";
import { FormFooter } from "@/components/ui/form-footer";
import { useActionForm } from "@/components/ui/use-action-form";

const empty = { email: "", name: "", role: "reporter" as const, password: "" };

export function CreateUserForm() {
  const { form, onSubmit, state, errorOf } = useActionForm({
    schema: createUserSchema,
    action: createUserAction,
    defaultValues: empty,
    onSuccess: () => {
      form.reset(empty);
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="New account" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3">
      <h2 className="text-sm font-semibold">New account</h2>
      <TextField label="Name" autoComplete="off" error={errorOf("name")} {...form.register("name")} />
      <TextField label="E-mail" type="email" autoComplete="off" error={errorOf("email")} {...form.register("email")} />
      <SelectField label="Role" options={optionsOf(USER_ROLE_LABELS)} error={errorOf("role")} {...form.register("role")} />
      <TextField label="Initial password" type="password" autoComplete="new-password" hint="At least 12 characters. Share it privately." error={errorOf("password")} {...form.register("password")} />
      <FormFooter state={state} submitLabel="Create account" />
    </form>
  );
}
