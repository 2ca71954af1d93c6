import "server-only";
import { notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";

/** Pages: a story the user may not see is a 404, exactly like one that does not exist. */
export async function loadOr404<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) notFound();
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") redirect("/sign-in");
    throw error;
  }
}
