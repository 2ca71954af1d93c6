"use client";
import { useState } from "react";
import { changeRoleAction, resetPasswordAction, setDisabledAction } from "@/lib/actions/users";
import { USER_ROLE_LABELS, resetPasswordSchema } from "@/lib/validations/user";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { Button } from "@/components/ui/button";
import { SelectField, TextField, optionsOf } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useActionRunner } from "@/components/ui/use-action-runner";
import { useActionForm } from "@/components/ui/use-action-form";

export type UserRow = { id: string; name: string; email: string; role: UserRole; disabled: boolean };

function ResetPassword({ user, onDone }: { user: UserRow; onDone: () => void }) {
  const { form, onSubmit, state, errorOf } = useActionForm({
    schema: resetPasswordSchema,
    action: resetPasswordAction,
    defaultValues: { userId: user.id, password: "" },
    onSuccess: () => onDone(),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Reset password for ${user.name}`} className="flex items-start gap-2">
      <input type="hidden" {...form.register("userId")} />
      <TextField label={`New password for ${user.name}`} hideLabel type="password" placeholder="New password" autoComplete="new-password" error={errorOf("password")} {...form.register("password")} />
      <Button type="submit" variant="secondary" disabled={state.kind === "saving"}>
        Set
      </Button>
      <FormStatus state={state} />
    </form>
  );
}

function UserItem({ user, isSelf }: { user: UserRow; isSelf: boolean }) {
  const { pending, state, run } = useActionRunner();
  const [resetting, setResetting] = useState(false);

  return (
    <tr className="border-t border-slate-100 align-top">
      <td className="px-3 py-2">
        <div className="font-medium">{user.name}</div>
        <div className="text-xs text-slate-500">{user.email}</div>
      </td>
      <td className="px-3 py-2">
        <SelectField
          label={`Role of ${user.name}`}
          hideLabel
          options={optionsOf(USER_ROLE_LABELS)}
          value={user.role}
          disabled={pending || isSelf}
          onChange={(event) => run(() => changeRoleAction({ userId: user.id, role: event.target.value as UserRole }))}
        />
      </td>
      <td className="px-3 py-2">{user.disabled ? <span className="text-xs font-medium text-red-700">Disabled</span> : <span className="text-xs text-emerald-700">Active</span>}</td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setResetting((open) => !open)} aria-expanded={resetting}>
            Reset password
          </Button>
          {isSelf ? null : user.disabled ? (
            <Button variant="secondary" disabled={pending} onClick={() => run(() => setDisabledAction({ userId: user.id, disabled: false }))}>
              Re-enable
            </Button>
          ) : (
            <Button variant="danger" disabled={pending} onClick={() => run(() => setDisabledAction({ userId: user.id, disabled: true }))}>
              Disable
            </Button>
          )}
        </div>
        {resetting ? (
          <div className="mt-2">
            <ResetPassword user={user} onDone={() => setResetting(false)} />
          </div>
        ) : null}
        {state.kind !== "idle" ? <FormStatus state={state} /> : null}
      </td>
    </tr>
  );
}

export function UsersTable({ users, selfId }: { users: UserRow[]; selfId: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Accounts</caption>
        <thead className="whitespace-nowrap bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Person</th>
            <th scope="col" className="px-3 py-2 font-medium">Role</th>
            <th scope="col" className="px-3 py-2 font-medium">State</th>
            <th scope="col" className="px-3 py-2 font-medium">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserItem key={user.id} user={user} isSelf={user.id === selfId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
