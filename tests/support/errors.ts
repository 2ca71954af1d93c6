import { AppError } from "@/lib/errors";

/** "OK", or the AppError code a domain call failed with (anything else is rethrown). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "OK",
    (error: unknown) => {
      if (error instanceof AppError) return error.code;
      throw error;
    },
  );
}
