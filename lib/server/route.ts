import "server-only";
import { NextResponse } from "next/server";
import { requireUser, type SessionUser } from "@/lib/auth";
import { statusOf, toErrorBody } from "@/lib/errors";
import { isHttps } from "@/lib/server/client-address";
import { explainFailure } from "@/lib/server/failures";

/** Story data is never kept by a browser or a proxy cache; over https, browsers stay on https. */
function protect(response: Response, request: Request): Response {
  // A live stream (text/event-stream) also says no-transform: compressing it would hold events back.
  const stream = response.headers.get("Content-Type")?.startsWith("text/event-stream");
  response.headers.set("Cache-Control", stream ? "private, no-store, no-transform" : "private, no-store");
  if (isHttps(request.headers)) response.headers.set("Strict-Transport-Security", "max-age=31536000");
  return response;
}

/** Route handlers: session first, then the handler (which authorizes in its query);
 * errors become the same JSON bodies and statuses as everywhere else. */
export function withUser<P>(name: string, handler: (user: SessionUser, params: P, request: Request) => Promise<unknown>) {
  return async (request: Request, context: { params: Promise<P> }) => {
    try {
      const user = await requireUser();
      const body = await handler(user, await context.params, request);
      // A file (a dossier) goes out as it is; anything else as the usual JSON envelope.
      return protect(body instanceof Response ? body : NextResponse.json({ ok: true, data: body }), request);
    } catch (error) {
      const failure = explainFailure(name, error);
      return protect(NextResponse.json(toErrorBody(failure), { status: statusOf(failure) }), request);
    }
  };
}
