import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import { hashPassword } from "@/lib/server/passwords";
import { isUniqueViolation } from "@/lib/server/prisma-errors";
import { parseInput } from "@/lib/validations/parse";
import {
  changeRoleSchema,
  createUserSchema,
  resetPasswordSchema,
  setDisabledSchema,
  type CreateUserInput,
} from "@/lib/validations/user";

// Accounts. Only admins manage them; every change is a revision on the desk chain.

const publicUser = { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true } as const;

function assertAdmin(actor: SessionUser): void {
  if (actor.role !== "admin") throw new AppError("FORBIDDEN");
}

export async function listUsers(actor: SessionUser) {
  assertAdmin(actor);
  return db().user.findMany({
    select: publicUser,
    orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { name: "asc" }],
  });
}

/** Creates an account. `actorId` is the admin, or the system actor for the demo seed. */
export async function insertUser(actorId: string, raw: CreateUserInput) {
  const input = parseInput(createUserSchema, raw);
  const passwordHash = await hashPassword(input.password);
  try {
    return await writeWithRevision({ actorId }, (tx) =>
      tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash }, select: publicUser }),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const message = "An account with that e-mail already exists.";
    throw new AppError("DUPLICATE", { message, fieldErrors: { email: [message] } });
  }
}

export async function createUser(actor: SessionUser, input: CreateUserInput) {
  assertAdmin(actor);
  return insertUser(actor.id, input);
}

/** `endSessions`: the change signs the account out everywhere; its sessions are ended too, so the sessions list agrees. */
async function updateUser(actor: SessionUser, userId: string, data: Prisma.UserUpdateInput, endSessions = false) {
  return writeWithRevision({ actorId: actor.id }, async (tx) => {
    const existing = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!existing) throw new AppError("NOT_FOUND");
    if (endSessions) await tx.session.updateMany({ where: { userId, endedAt: null }, data: { endedAt: new Date(), endReason: "admin" } });
    return tx.user.update({ where: { id: userId }, data: { ...data, version: { increment: 1 } }, select: publicUser });
  });
}

/** Sets a new password and signs the account out everywhere. */
export async function resetPassword(actor: SessionUser, raw: z.input<typeof resetPasswordSchema>) {
  assertAdmin(actor);
  const input = parseInput(resetPasswordSchema, raw);
  const passwordHash = await hashPassword(input.password);
  return updateUser(actor, input.userId, { passwordHash, sessionVersion: { increment: 1 } }, true);
}

export async function changeUserRole(actor: SessionUser, raw: z.input<typeof changeRoleSchema>) {
  assertAdmin(actor);
  const input = parseInput(changeRoleSchema, raw);
  if (input.userId === actor.id && input.role !== "admin") {
    throw new AppError("FORBIDDEN", { message: "You cannot remove your own admin role; ask another admin." });
  }
  return updateUser(actor, input.userId, { role: input.role });
}

/** Disabling takes effect at once: the session version bump voids every live session. */
export async function setUserDisabled(actor: SessionUser, raw: z.input<typeof setDisabledSchema>) {
  assertAdmin(actor);
  const input = parseInput(setDisabledSchema, raw);
  if (input.userId === actor.id && input.disabled) {
    throw new AppError("FORBIDDEN", { message: "You cannot disable your own account." });
  }
  return updateUser(
    actor,
    input.userId,
    input.disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
    input.disabled,
  );
}
