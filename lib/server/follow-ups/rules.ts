import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { StoryAccess } from "@/lib/server/access";

// Who may do what with a follow-up. Editors (the desk role) and story leads assign work to
// anyone on the story who can write; contributors only to themselves; readers not at all.

export type FollowUpParties = { assigneeId: string; assignedById: string };

export function mayAssignOthers(access: StoryAccess): boolean {
  if (access.role === "reader") return false;
  return access.role === "lead" || access.user.role === "editor" || access.user.role === "admin";
}

export function assertMayAssignTo(access: StoryAccess, assigneeId: string): void {
  if (access.role === "reader") throw new AppError("FORBIDDEN", { message: "Readers cannot assign follow-ups." });
  if (assigneeId !== access.user.id && !mayAssignOthers(access)) {
    throw new AppError("FORBIDDEN", { message: "Contributors can assign follow-ups only to themselves. Ask an editor or a lead to assign others." });
  }
}

/** Edit, reassign, change status: the assignee, who assigned it, an editor or a lead. */
export function mayChange(access: StoryAccess, followUp: FollowUpParties): boolean {
  if (access.role === "reader") return false;
  return followUp.assigneeId === access.user.id || followUp.assignedById === access.user.id || mayAssignOthers(access);
}

export function assertMayChange(access: StoryAccess, followUp: FollowUpParties): void {
  if (!mayChange(access, followUp)) {
    throw new AppError("FORBIDDEN", { message: "Only the assignee, whoever assigned it, an editor or a lead can change this follow-up." });
  }
}

/** The assignee must be an active member of the story who can write, with an active account. */
export async function assertAssignee(tx: Tx, storyId: string, assigneeId: string): Promise<{ id: string; name: string }> {
  const member = await tx.storyMember.findFirst({
    where: { storyId, userId: assigneeId, deletedAt: null, role: { in: ["lead", "contributor"] }, user: { disabledAt: null } },
    select: { user: { select: { id: true, name: true } } },
  });
  if (!member) {
    throw new AppError("VALIDATION", { fieldErrors: { assigneeId: ["Assign it to a member of this story who can write (a lead or a contributor)."] } });
  }
  return member.user;
}

/** People a follow-up can be assigned to by this user: everyone who writes, or only themselves. */
export async function assignableMembers(tx: Tx, access: StoryAccess): Promise<{ id: string; name: string }[]> {
  const members = await tx.storyMember.findMany({
    where: {
      storyId: access.storyId,
      deletedAt: null,
      role: { in: ["lead", "contributor"] },
      user: { disabledAt: null },
      ...(mayAssignOthers(access) ? {} : { userId: access.user.id }),
    },
    select: { user: { select: { id: true, name: true } } },
    orderBy: { user: { name: "asc" } },
  });
  return members.map((member) => member.user);
}
