import "server-only";
import { cookies } from "next/headers";
import { getToken } from "next-auth/jwt";
import { decodeSessionToken } from "@/lib/session-token";

/**
 * This request's session token, read as next-auth's getServerSession reads it in a server
 * component, action or route handler: the session cookie only (under the name the proxy's
 * getToken reads, chunks joined), decoded with authOptions' decode (lib/session-token.ts) —
 * null if absent, expired or not ours. getServerSession ran next-auth's whole handler for it
 * (options, a CSRF token, the callbacks, and a fresh token encrypted for a cookie a render cannot
 * set): 2.1–2.3 ms before the session's row could be read, against 0.9–1.1 ms this way, at load 5
 * (docs/benchmarks.md, "panel26"). The integration tests supply the token here instead.
 */
export async function readSessionToken(): Promise<Record<string, unknown> | null> {
  const jar = await cookies();
  const req = { cookies: Object.fromEntries(jar.getAll().map((cookie) => [cookie.name, cookie.value])), headers: {} };
  return getToken({ req: req as unknown as Parameters<typeof getToken>[0]["req"], secret: process.env.NEXTAUTH_SECRET, decode: decodeSessionToken });
}
