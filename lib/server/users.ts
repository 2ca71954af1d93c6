import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import { hashPassword } from "@/lib/server/passwords";
import { isUniqueViolation } from "@/lib/server/prisma-errors";
import type { UserRole } from "@/lib/generated/prisma/client";
import type { CreateUserInput } from "@/lib/validations/user";

const publicUser = { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true } as const;

function assertAdmin(actor: SessionUser): void {
  if (actor.role !== "admin") throw new AppError("FORBIDDEN");
}

export async function listUsers(actor: SessionUser) {
  assertAdmin(actor);
  return db().user.findMany({ select: publicUser, orderBy: [{ disabledAt: { sort: "asc", nulls: "first" } }, { name: "asc" }] });
}

/** Creates an account. `actorId` is the admin (or the system actor for the demo seed). */
export async function insertUser(actorId: string, input: CreateUserInput) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await writeWithRevision({ actorId }, (tx) =>
      tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: publicUser,
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("DUPLICATE", {
        message: "An account with that e-mail already exists.",
        fieldErrors: { email: ["An account with that e-mail already exists."] },
      });
    }
    throw error;
  }
}

export async function createUser(actor: SessionUser, input: CreateUserInput) {
  assertAdmin(actor);
  return insertUser(actor.id, input);
}

async function updateUser(actor: SessionUser, userId: string, data: Parameters<ReturnType<typeof db>["user"]["update"]>[0]["data"]) {
  assertAdmin(actor);
  const existing = await db().user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!existing) throw new AppError("NOT_FOUND");
  return writeWithRevision({ actorId: actor.id }, (tx) => tx.user.update({ where: { id: userId }, data, select: publicUser }));
}

/** Sets a new password and signs the account out everywhere. */
export async function resetPassword(actor: SessionUser, userId: string, password: string) {
  const passwordHash = await hashPassword(password);
  return updateUser(actor, userId, { passwordHash, sessionVersion: { increment: 1 } });
}

export async function changeUserRole(actor: SessionUser, userId: string, role: UserRole) {
  if (userId === actor.id && role !== "admin") {
    throw new AppError("FORBIDDEN", { message: "You cannot remove your own admin role; ask another admin." });
  }
  return updateUser(actor, userId, { role });
}

/** Disabling takes effect at once: the session version bump voids every live session. */
export async function setUserDisabled(actor: SessionUser, userId: string, disabled: boolean) {
  if (userId === actor.id && disabled) {
    throw new AppError("FORBIDDEN", { message: "You cannot disable your own account." });
  }
  return updateUser(
    actor,
    userId,
    disabled ? { disabledAt: new Date(), sessionVersion: { increment: 1 } } : { disabledAt: null },
  );
}
