import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import type { z } from "zod";
import { parseInput } from "@/lib/validations/parse";
import { addMemberSchema, changeMemberRoleSchema, removeMemberSchema, type AddMemberInput } from "@/lib/validations/member";

export async function listMembers(user: SessionUser, storyId: string) {
  const access = await storyAccessFor(user, storyId, "reader");
  return db().storyMember.findMany({
    where: { storyId: access.storyId, deletedAt: null },
    select: { id: true, role: true, user: { select: { id: true, name: true, email: true, disabledAt: true } } },
    orderBy: [{ role: "asc" }, { user: { name: "asc" } }],
  });
}

/** Story leads (and admins) manage the team. Re-adding a removed member restores them. */
export async function addMember(user: SessionUser, raw: AddMemberInput) {
  const input = parseInput(addMemberSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "lead");
  const invitee = await db().user.findFirst({ where: { email: input.email, disabledAt: null }, select: { id: true } });
  if (!invitee) {
    const message = "No active account uses that e-mail. An admin can create one.";
    throw new AppError("VALIDATION", { message, fieldErrors: { email: [message] } });
  }
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    const existing = await tx.storyMember.findUnique({
      where: { storyId_userId: { storyId: access.storyId, userId: invitee.id } },
    });
    if (existing && !existing.deletedAt) {
      const message = "That person is already on this story.";
      throw new AppError("DUPLICATE", { message, fieldErrors: { email: [message] } });
    }
    if (existing) {
      return tx.storyMember.update({
        where: { id: existing.id },
        data: { deletedAt: null, role: input.role, version: { increment: 1 } },
      });
    }
    return tx.storyMember.create({
      data: { storyId: access.storyId, userId: invitee.id, role: input.role, addedById: user.id },
    });
  });
}

async function activeMember(tx: Tx, storyId: string, memberId: string) {
  const member = await tx.storyMember.findFirst({ where: { id: memberId, storyId, deletedAt: null } });
  if (!member) throw new AppError("NOT_FOUND");
  return member;
}

async function assertAnotherLead(tx: Tx, storyId: string, memberId: string) {
  const otherLeads = await tx.storyMember.count({
    where: { storyId, role: "lead", deletedAt: null, id: { not: memberId } },
  });
  if (otherLeads === 0) {
    throw new AppError("FORBIDDEN", { message: "A story needs at least one lead. Make someone else lead first." });
  }
}

export async function changeMemberRole(user: SessionUser, raw: z.input<typeof changeMemberRoleSchema>) {
  const input = parseInput(changeMemberRoleSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "lead");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    const member = await activeMember(tx, access.storyId, input.memberId);
    if (member.role === input.role) return member;
    if (member.role === "lead") await assertAnotherLead(tx, access.storyId, member.id);
    return tx.storyMember.update({ where: { id: member.id }, data: { role: input.role, version: { increment: 1 } } });
  });
}

/** Soft delete: the ledger keeps who was on the story, and re-adding restores. */
export async function removeMember(user: SessionUser, raw: z.input<typeof removeMemberSchema>) {
  const input = parseInput(removeMemberSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "lead");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    const member = await activeMember(tx, access.storyId, input.memberId);
    if (member.role === "lead") await assertAnotherLead(tx, access.storyId, member.id);
    return tx.storyMember.update({
      where: { id: member.id },
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
  });
}
