import { z } from "zod";
import { email, id, text } from "./common";

export const USER_ROLES = ["admin", "editor", "reporter"] as const;
export const USER_ROLE_LABELS: Record<(typeof USER_ROLES)[number], string> = {
  admin: "Admin",
  editor: "Editor",
  reporter: "Reporter",
};

export const password = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(200, "Use at most 200 characters.");

export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(200, "Use at most 200 characters."),
});

export const createUserSchema = z.object({
  email,
  name: text("Name", 1, 120),
  role: z.enum(USER_ROLES, { message: "Choose a role." }),
  password,
});

export const resetPasswordSchema = z.object({ userId: id, password });
export const changeRoleSchema = z.object({ userId: id, role: z.enum(USER_ROLES, { message: "Choose a role." }) });
export const setDisabledSchema = z.object({ userId: id, disabled: z.boolean() });

export type CreateUserInput = z.infer<typeof createUserSchema>;

/** What the sign-in form says for each next-auth error code; one message for unknown
 * e-mail, wrong password and disabled account, so the form reveals no accounts. */
export const SIGN_IN_ERROR_MESSAGES: Record<string, string> = {
  CredentialsSignin: "That e-mail and password do not match an active account.",
  RateLimited: "Too many attempts for now. Wait a few minutes and try again, or sign in from a device you have used before.",
};
