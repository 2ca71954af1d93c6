"use server";
import { defineAction } from "@/lib/actions/define-action";
import { changeUserRole, createUser, resetPassword, setUserDisabled } from "@/lib/server/users";
import { changeRoleSchema, createUserSchema, resetPasswordSchema, setDisabledSchema } from "@/lib/validations/user";

const admin = { revalidate: () => ["/admin"] };
const done = () => null;

export const createUserAction = defineAction("createUser", createUserSchema, async (input, user) => ({ id: (await createUser(user, input)).id }), admin);
export const resetPasswordAction = defineAction("resetPassword", resetPasswordSchema, (input, user) => resetPassword(user, input).then(done), admin);
export const changeRoleAction = defineAction("changeRole", changeRoleSchema, (input, user) => changeUserRole(user, input).then(done), admin);
export const setDisabledAction = defineAction("setDisabled", setDisabledSchema, (input, user) => setUserDisabled(user, input).then(done), admin);
