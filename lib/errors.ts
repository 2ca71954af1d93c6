// One error type for everything a user may be told, mapped to HTTP status and a
// user-facing message in one place. Anything else is internal: logged without
// personal data and shown as a generic message.

export const ERROR_CODES = {
  UNAUTHENTICATED: { status: 401, message: "Please sign in to continue." },
  FORBIDDEN: { status: 403, message: "You do not have permission to do that." },
  NOT_FOUND: { status: 404, message: "That was not found, or you do not have access to it." },
  GONE: { status: 410, message: "That has expired. Please do it again." },
  VALIDATION: { status: 422, message: "Please check the highlighted fields." },
  CONFLICT: {
    status: 409,
    message: "Someone else changed this while you were editing. The latest version is shown; your changes are kept in the form.",
  },
  DUPLICATE: { status: 409, message: "That already exists." },
  RATE_LIMITED: { status: 429, message: "Too many attempts. Please wait a few minutes and try again." },
  UNAVAILABLE: { status: 503, message: "That could not be done just now. Please try again in a moment." },
  DATABASE_UNAVAILABLE: { status: 503, message: "The desk's database is unavailable just now. Please try again in a moment." },
  BAD_REQUEST: { status: 400, message: "That request could not be read. Reload the page and try again." },
  TOO_LARGE: { status: 413, message: "That is too much to send at once. Shorten the text and try again." },
  INTERNAL: { status: 500, message: "Something went wrong on our side. Please try again; if it keeps happening, tell an admin." },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A page that could not reach the database throws with this digest (lib/pages.ts): error messages
 * never reach the browser, digests do, so the error page can say what happened (app/error.tsx). */
export const DATABASE_UNAVAILABLE_DIGEST = "storydesk:database-unavailable";
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly fieldErrors?: FieldErrors;
  /** For CONFLICT: the current state, so the UI can show it beside the user's edit. */
  readonly latest?: unknown;

  constructor(code: ErrorCode, options: { message?: string; fieldErrors?: FieldErrors; latest?: unknown } = {}) {
    super(options.message ?? ERROR_CODES[code].message);
    this.name = "AppError";
    this.code = code;
    this.userMessage = options.message ?? ERROR_CODES[code].message;
    this.fieldErrors = options.fieldErrors;
    this.latest = options.latest;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export type ErrorBody = {
  ok: false;
  code: ErrorCode;
  message: string;
  fieldErrors?: FieldErrors;
  latest?: unknown;
};

/** The only translation from an error to what a user may see. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) {
    return {
      ok: false,
      code: error.code,
      message: error.userMessage,
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
      ...(error.latest !== undefined ? { latest: error.latest } : {}),
    };
  }
  return { ok: false, code: "INTERNAL", message: ERROR_CODES.INTERNAL.message };
}

export function statusOf(error: unknown): number {
  return error instanceof AppError ? error.status : 500;
}
