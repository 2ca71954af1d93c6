// A member's roles, by name: apart from ./member (the schemas, zod) so that the Team panel on
// every story page does not evaluate zod on load (issue 16).

export const MEMBER_ROLES = ["lead", "contributor", "reader"] as const;
export type MemberRoleValue = (typeof MEMBER_ROLES)[number];
export const MEMBER_ROLE_LABELS: Record<MemberRoleValue, string> = {
  lead: "Lead",
  contributor: "Contributor",
  reader: "Reader",
};
