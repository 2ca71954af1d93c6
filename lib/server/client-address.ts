import "server-only";
import { isIP } from "node:net";

// The client's address, for the per-address sign-in limit and the sessions list.
//
// Next.js sets X-Forwarded-For from the socket when a request has none, and the desk's
// server processes drop any a client sent unless TRUST_PROXY=1 (scripts/lib/forwarded-
// headers.mjs). So without TRUST_PROXY the header holds exactly the socket's address; with
// it, the right-most entry is the one our own proxy appended — the left-most entries are
// whatever the client claimed, and never trusted.

type HeaderBag = Headers | Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** "::ffff:10.0.0.1" → "10.0.0.1"; anything that is not an IP address → null. */
export function normalizeAddress(raw: string | undefined): string | null {
  const value = raw?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return value && isIP(value) ? value : null;
}

export function clientAddress(headers: HeaderBag): string | null {
  const forwarded = header(headers, "x-forwarded-for");
  if (!forwarded) return null;
  return normalizeAddress(forwarded.split(",").at(-1));
}

/** Served over https: the public URL says so, or the request came in over TLS (or from our proxy). */
export function isHttps(headers: HeaderBag): boolean {
  return process.env.NEXTAUTH_URL?.startsWith("https://") === true || header(headers, "x-forwarded-proto")?.split(",").at(-1)?.trim() === "https";
}
