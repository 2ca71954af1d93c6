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

export async function decodeSessionToken({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const { payload } = await jwtDecrypt(token, await encryptionKey(secret, salt), { clockTolerance: 15 });
  return payload as JWT;
}
