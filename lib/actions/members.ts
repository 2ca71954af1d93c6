"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { addMember, changeMemberRole, removeMember } from "@/lib/server/members";
import { addMemberSchema, changeMemberRoleSchema, removeMemberSchema } from "@/lib/validations/member";

export const addMemberAction = defineAction("addMember", addMemberSchema, async (input, user) => {
  const member = await addMember(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return { id: member.id };
});

export const changeMemberRoleAction = defineAction("changeMemberRole", changeMemberRoleSchema, async (input, user) => {
  await changeMemberRole(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return null;
});

export const removeMemberAction = defineAction("removeMember", removeMemberSchema, async (input, user) => {
  await removeMember(user, input);
  revalidatePath(`/stories/${input.storyId}`);
  return null;
});
