import { z } from "zod";
import { email, id } from "./common";

import { MEMBER_ROLES } from "./member-labels";

export { MEMBER_ROLES, MEMBER_ROLE_LABELS, type MemberRoleValue } from "./member-labels";

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
