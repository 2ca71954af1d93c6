import { z } from "zod";
import { email, id } from "./common";

export const MEMBER_ROLES = ["lead", "contributor", "reader"] as const;
export type MemberRoleValue = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABELS: Record<MemberRoleValue, string> = {
  lead: "Lead",
  contributor: "Contributor",
  reader: "Reader",
};

export const addMemberSchema = z.object({
  storyId: id,
  email,
  role: z.enum(MEMBER_ROLES, { message: "Choose a role." }),
});

export const changeMemberRoleSchema = z.object({
  storyId: id,
  memberId: id,
  role: z.enum(MEMBER_ROLES, { message: "Choose a role." }),
});

export const removeMemberSchema = z.object({ storyId: id, memberId: id });

export type AddMemberInput = z.input<typeof addMemberSchema>;
