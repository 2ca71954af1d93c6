import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { decodeSessionToken } from "@/lib/session-token";
import { ERROR_CODES } from "@/lib/errors";
import { checkActionRequest } from "@/lib/server/action-requests";
import { isHttps } from "@/lib/server/client-address";
import { databaseUnavailablePage, pageWhileDatabaseDown } from "@/lib/server/database-probe";
import { STORY_PATH_HEADER } from "@/lib/story-path";

// The proxy sends anonymous page views to the sign-in page and sets a per-request
// Content-Security-Policy nonce. It also turns away what Next.js itself would answer with a
// 500: a path it cannot decode, a server action request it cannot decode
// (lib/server/action-requests.ts), and page views
// while this process knows the database is down (a 503 page that retries by itself). It
// authorizes nothing: every page, action and route handler checks the session and the story.

const PUBLIC_PATHS = ["/sign-in"];

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A path Next cannot decode (a malformed %-escape in a dynamic segment) would be its 500. */
function undecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (undecodable(pathname)) {
    return NextResponse.json({ ok: false, code: "BAD_REQUEST", message: ERROR_CODES.BAD_REQUEST.message }, { status: 400, headers: { "Cache-Control": "no-store" } });
  }
  // API routes answer for themselves (their own session check, JSON errors); only the path is checked here.
  if (pathname.startsWith("/api/")) return NextResponse.next();
  if (request.method === "POST" && request.headers.has("next-action")) {
    const refusal = await checkActionRequest(request.clone());
    if (refusal) {
      const { status, ...body } = refusal;
      return NextResponse.json({ ok: false, ...body }, { status, headers: { "Cache-Control": "no-store" } });
    }
  }
  if (request.method === "GET" && (await pageWhileDatabaseDown())) return databaseUnavailablePage();
  const isPublic = PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
  if (!isPublic) {
    const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET, decode: decodeSessionToken });
    if (!token) {
      const url = new URL("/sign-in", request.url);
      if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
      return NextResponse.redirect(url);
    }
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  // Which story the page is of, for the desk's layout (lib/story-path.ts); whatever a client sent is replaced.
  headers.set(STORY_PATH_HEADER, `${pathname}${search}`);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (isHttps(request.headers)) response.headers.set("Strict-Transport-Security", "max-age=31536000");
  return response;
}

export const config = {
  // Everything but static assets: pages (and the server actions posted to them), and API routes for their path only.
  // Icons and the web app manifest are public: the sign-in page and a home screen need them.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|apple-icon.png|icon-192.png|icon-512.png|manifest.webmanifest).*)"],
};
