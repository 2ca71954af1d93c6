"use client";
import { useState } from "react";
import { addMemberAction, changeMemberRoleAction, removeMemberAction } from "@/lib/actions/members";
import { MEMBER_ROLE_LABELS, addMemberSchema, type MemberRoleValue } from "@/lib/validations/member";
import { Button } from "@/components/ui/button";
import { SelectField, TextField, optionsOf } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useActionRunner } from "@/components/ui/use-action-runner";
import { useActionForm } from "@/components/ui/use-action-form";

export type MemberRow = { id: string; role: MemberRoleValue; name: string; disabled: boolean };

const roleOptions = optionsOf(MEMBER_ROLE_LABELS);

function MemberItem({ storyId, member, canManage }: { storyId: string; member: MemberRow; canManage: boolean }) {
  const { pending, state, run } = useActionRunner();

  return (
    // The name on a line of its own, whole (wrapped, never cut to "Maya C…"); the role under it,
    // as a label or, for a lead, as the controls that change it.
    <li className="flex flex-col gap-1 py-1.5">
      <p className="min-w-0 break-words text-sm">
        <bdi>{member.name}</bdi>
        {member.disabled ? <span className="ml-1 text-xs text-slate-500">(disabled)</span> : null}
        {canManage ? null : <span className="block text-xs text-slate-500">{MEMBER_ROLE_LABELS[member.role]}</span>}
      </p>
      {canManage ? (
        <div className="flex items-center gap-2">
          <SelectField
            label={`Role of ${member.name}`}
            hideLabel
            className="min-w-0 flex-1"
            options={roleOptions}
            value={member.role}
            disabled={pending}
            onChange={(event) => run(() => changeMemberRoleAction({ storyId, memberId: member.id, role: event.target.value as MemberRoleValue }))}
          />
          <Button variant="ghost" aria-label={`Remove ${member.name}`} disabled={pending} onClick={() => run(() => removeMemberAction({ storyId, memberId: member.id }))}>
            Remove
          </Button>
        </div>
      ) : null}
      {state.kind === "error" ? <FormStatus state={state} className="w-full" /> : null}
    </li>
  );
}

function AddMemberForm({ storyId, onAdded }: { storyId: string; onAdded: () => void }) {
  const { form, onSubmit, state, errorOf } = useActionForm({
    schema: addMemberSchema,
    action: addMemberAction,
    defaultValues: { storyId, email: "", role: "contributor" },
    onSuccess: () => {
      form.reset({ storyId, email: "", role: "contributor" });
      onAdded();
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

/**
 * The story's team. Everyone sees names and roles; a lead changes roles and removes members
 * after "Manage team" (or at once after adding someone): the page ships one line per member,
 * not a role picker and a Remove button each (issue 16: 15 KB of a 21-member team's HTML).
 */
export function MembersPanel({ storyId, members, canManage }: { storyId: string; members: MemberRow[]; canManage: boolean }) {
  const [managing, setManaging] = useState(false);
  const manage = canManage && managing;
  return (
    <section aria-labelledby="members-heading" className="rounded border border-slate-200 bg-white p-3">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="members-heading" className="text-sm font-semibold">
          Team <span className="font-normal text-slate-500">({members.length})</span>
        </h2>
        {canManage ? (
          <Button variant="ghost" size="sm" aria-expanded={managing} onClick={() => setManaging(!managing)}>
            Manage team
          </Button>
        ) : null}
      </div>
      <ul className="divide-y divide-slate-100">
        {members.map((member) => (
          <MemberItem key={member.id} storyId={storyId} member={member} canManage={manage} />
        ))}
      </ul>
      {canManage ? <AddMemberForm storyId={storyId} onAdded={() => setManaging(true)} /> : null}
    </section>
  );
}
