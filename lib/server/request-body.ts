import "server-only";
import { AppError } from "@/lib/errors";
import { INPUT_PROBLEM_MESSAGES, inputProblem } from "@/lib/validations/input-limits";

// The body of a POST route handler (a dossier export): a small set of named options, sent as
// JSON by the app's own fetch or as a form by its "preview in a new tab" form. Anything else —
// another site's form, another encoding, too much — is refused before it is read further.

const MAX_OPTIONS_BYTES = 16 * 1024;

/** Another site may not make a signed-in browser POST here (SameSite cookies already stop it; this says so clearly). */
export function assertSameOrigin(request: Request): void {
  if (request.headers.get("sec-fetch-site") === "cross-site") throw new AppError("FORBIDDEN");
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("FORBIDDEN");
  }
  if (originHost !== host) throw new AppError("FORBIDDEN");
}

/** The options as strings, from a JSON object or a form. */
export async function readOptions(request: Request): Promise<Record<string, string>> {
  assertSameOrigin(request);
  if (Number(request.headers.get("content-length") ?? "0") > MAX_OPTIONS_BYTES) throw new AppError("TOO_LARGE");
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const text = await request.text();
  if (text.length > MAX_OPTIONS_BYTES) throw new AppError("TOO_LARGE");
  let entries: [string, unknown][];
  if (type === "application/json") {
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      throw new AppError("BAD_REQUEST");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new AppError("BAD_REQUEST");
    entries = Object.entries(parsed);
  } else if (type === "application/x-www-form-urlencoded") {
    entries = [...new URLSearchParams(text)];
  } else {
    throw new AppError("BAD_REQUEST");
  }
  const options: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof value !== "string") throw new AppError("VALIDATION", { message: `The option "${key.slice(0, 40)}" must be text.` });
    options[key] = value;
  }
  const problem = inputProblem(options);
  if (problem) throw new AppError("VALIDATION", { message: INPUT_PROBLEM_MESSAGES[problem] });
  return options;
}
