import "server-only";
import { NextResponse } from "next/server";
import { requireUser, type SessionUser } from "@/lib/auth";
import { AppError, statusOf, toErrorBody } from "@/lib/errors";
import { logUnexpected } from "@/lib/log";

/** Route handlers: session first, then the handler (which authorizes in its query);
 * errors become the same JSON bodies and statuses as everywhere else. */
export function withUser<P>(name: string, handler: (user: SessionUser, params: P, request: Request) => Promise<unknown>) {
  return async (request: Request, context: { params: Promise<P> }) => {
    try {
      const user = await requireUser();
      const body = await handler(user, await context.params, request);
      // A file (a dossier) goes out as it is; anything else as the usual JSON envelope.
      if (body instanceof Response) return body;
      return NextResponse.json({ ok: true, data: body });
    } catch (error) {
      if (!(error instanceof AppError)) logUnexpected(name, error);
      return NextResponse.json(toErrorBody(error), { status: statusOf(error) });
    }
  };
}
