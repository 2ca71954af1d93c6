import { hkdf } from "node:crypto";
import { EncryptJWT, jwtDecrypt, type JWTPayload } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

// The session token as next-auth 4 makes and reads it (next-auth/jwt's encode and decode: a
// JWE, "dir" + A256GCM, with a key derived from NEXTAUTH_SECRET by HKDF), with the derived key
// kept per process. next-auth derives it again for every call — three times a page view (the
// proxy's check, then the session's decode and re-encode) — and the derivation was the one
// cost of a session check that did not depend on the request. The key depends only on the
// secret and the salt, so a cache of it changes nothing a token proves; the session row is
// still re-read on every request (lib/auth.ts).

const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;
const derived = new Map<string, Promise<Uint8Array>>();

function encryptionKey(secret: string | Buffer, salt = ""): Promise<Uint8Array> {
  const id = `${Buffer.from(secret).toString("base64")}\0${salt}`;
  let key = derived.get(id);
  if (!key) {
    key = new Promise<Uint8Array>((resolve, reject) =>
      hkdf("sha256", secret, salt, `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`, 32, (error, bytes) =>
        error ? reject(error) : resolve(new Uint8Array(bytes)),
      ),
    );
    derived.set(id, key);
    key.catch(() => derived.delete(id));
  }
  return key;
}

export async function encodeSessionToken({ token = {}, secret, maxAge = DEFAULT_MAX_AGE, salt = "" }: JWTEncodeParams): Promise<string> {
  const key = await encryptionKey(secret, salt);
  return new EncryptJWT(token as JWTPayload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

// What a token decrypted to, kept per process until the token expires: the proxy and the page
// (two bundles, so the map hangs off globalThis) each used to decrypt the same cookie, and every
// request of a session sends the same one. Keyed by the whole token and the key it was opened
// with, so a hit is exactly what decrypting those bytes with that key gives again (AES-GCM:
// nothing else opens to it); only tokens that did decrypt get in, and a hit past the token's
// expiry (with the same 15 s tolerance) is decrypted again — and refused, as before. What a
// token proves still has to be checked against its session's row on every request (lib/auth.ts).
const KEPT_CLAIMS_MAX = 1000;
const CLOCK_TOLERANCE = 15; // seconds, as before
type KeptClaims = { keyId: string; payload: JWTPayload; until: number };
const keptKey = Symbol.for("storydesk.session-token.claims");
const kept: Map<string, KeptClaims> = ((globalThis as Record<symbol, unknown>)[keptKey] as Map<string, KeptClaims> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[keptKey] = new Map<string, KeptClaims>());

function keptClaims(token: string, keyId: string): JWT | null {
  const hit = kept.get(token);
  if (!hit) return null;
  if (hit.keyId !== keyId || hit.until <= Date.now()) {
    if (hit.until <= Date.now()) kept.delete(token);
    return null;
  }
  return { ...hit.payload } as JWT;
}

function keepClaims(token: string, keyId: string, payload: JWTPayload): void {
  if (typeof payload.exp !== "number") return;
  if (kept.size >= KEPT_CLAIMS_MAX) kept.delete(kept.keys().next().value as string);
  kept.set(token, { keyId, payload: { ...payload }, until: (payload.exp + CLOCK_TOLERANCE) * 1000 });
}

export async function decodeSessionToken({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const keyId = `${Buffer.from(secret).toString("base64")}\0${salt}`;
  const known = keptClaims(token, keyId);
  if (known) return known;
  const { payload } = await jwtDecrypt(token, await encryptionKey(secret, salt), { clockTolerance: CLOCK_TOLERANCE });
  keepClaims(token, keyId, payload);
  return { ...payload } as JWT;
}
