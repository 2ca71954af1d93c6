import { z } from "zod";
import { id } from "./common";

/** One of my other sessions (a browser I left signed in). */
export const endMySessionSchema = z.object({ sessionId: id });
/** "Sign out everywhere": every session of mine, this one included. */
export const endAllMySessionsSchema = z.object({});
/** Admin: one session, or every session of one account. */
export const endSessionsSchema = z.union([z.object({ sessionId: id }).strict(), z.object({ userId: id }).strict()], {
  message: "Name a session or an account.",
});
