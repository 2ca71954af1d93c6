"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/define-action";
import { changeUserRole, createUser, resetPassword, setUserDisabled } from "@/lib/server/users";
import { changeRoleSchema, createUserSchema, resetPasswordSchema, setDisabledSchema } from "@/lib/validations/user";

export const createUserAction = defineAction("createUser", createUserSchema, async (input, user) => {
  const created = await createUser(user, input);
  revalidatePath("/admin");
  return { id: created.id };
});

export const resetPasswordAction = defineAction("resetPassword", resetPasswordSchema, async (input, user) => {
  await resetPassword(user, input);
  revalidatePath("/admin");
  return null;
});

export const changeRoleAction = defineAction("changeRole", changeRoleSchema, async (input, user) => {
  await changeUserRole(user, input);
  revalidatePath("/admin");
  return null;
});

export const setDisabledAction = defineAction("setDisabled", setDisabledSchema, async (input, user) => {
  await setUserDisabled(user, input);
  revalidatePath("/admin");
  return null;
});
