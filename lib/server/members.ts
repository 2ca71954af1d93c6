import "server-only";
import { db, rawRows, type Tx } from "@/lib/db";
import { Prisma, type MemberRole } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import type { z } from "zod";
import { parseInput } from "@/lib/validations/parse";
import { addMemberSchema, changeMemberRoleSchema, removeMemberSchema, type AddMemberInput } from "@/lib/validations/member";

export type MemberListing = { id: string; role: MemberRole; user: { id: string; name: string; email: string; disabledAt: Date | null } };

/** The story's team, leads first, then by name: one statement (every story page's side panel reads it). */
export async function listMembers(user: SessionUser, storyId: string): Promise<MemberListing[]> {
  const access = await storyAccessFor(user, storyId, "reader");
  const rows = await rawRows<{ id: string; role: MemberRole; user_id: string; name: string; email: string; disabled_at: Date | null }>(Prisma.sql`
    SELECT m.id::text, m.role::text AS role, u.id::text AS user_id, u.name, u.email, u.disabled_at
      FROM story_members m JOIN users u ON u.id = m.user_id
     WHERE m.story_id = ${access.storyId}::uuid AND m.deleted_at IS NULL
     ORDER BY m.role, u.name`);
  return rows.map((row) => ({ id: row.id, role: row.role, user: { id: row.user_id, name: row.name, email: row.email, disabledAt: row.disabled_at } }));
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
