"use server";
import { defineAction } from "@/lib/actions/define-action";
import { addMember, changeMemberRole, removeMember } from "@/lib/server/members";
import { addMemberSchema, changeMemberRoleSchema, removeMemberSchema } from "@/lib/validations/member";
import { storyPage } from "./revalidate";

export const addMemberAction = defineAction("addMember", addMemberSchema, async (input, user) => ({ id: (await addMember(user, input)).id }), storyPage);
export const changeMemberRoleAction = defineAction("changeMemberRole", changeMemberRoleSchema, (input, user) => changeMemberRole(user, input).then(() => null), storyPage);
export const removeMemberAction = defineAction("removeMember", removeMemberSchema, (input, user) => removeMember(user, input).then(() => null), storyPage);
