"use client";
import { lazy, Suspense, useState } from "react";
import { changeMemberRoleAction, removeMemberAction } from "@/lib/actions/members";
import { MEMBER_ROLE_LABELS, type MemberRoleValue } from "@/lib/validations/member-labels";
import { Button } from "@/components/ui/button";
import { SelectField, optionsOf } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useActionRunner } from "@/components/ui/use-action-runner";

// The add form (its zod schema and react-hook-form) loads with "Manage team" (issue 16).
const AddMemberForm = lazy(() => import("./add-member-form"));

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

/**
 * The story's team. Everyone sees names and roles; a lead adds members, changes roles and
 * removes members after "Manage team": the page ships one line per member, not a role picker
 * and a Remove button each (issue 16: 15 KB of a 21-member team's HTML), and no form code.
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
      {manage ? (
        <Suspense fallback={<p className="mt-2 border-t border-slate-100 pt-2 text-xs text-slate-500">Loading…</p>}>
          <AddMemberForm storyId={storyId} />
        </Suspense>
      ) : null}
    </section>
  );
}
