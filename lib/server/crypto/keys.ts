import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// The desk key and the data keys it wraps (envelope encryption). Every source has its own
// random 256-bit data key; the data key seals the source's identity fields (fields.ts) and is
// stored only wrapped — AES-256-GCM under the desk key, with the source and the data key's
// version bound in as associated data — in `source_keys`. Destroying the wrapped key (a burn)
// makes every value it sealed unreadable, in every row, revision and later backup, while the
// ciphertexts (and so the ledger's hashes) stay as they are. See ARCHITECTURE.md beside this file.
//
// STORYDESK_ENCRYPTION_KEYS = "id:base64key[,id:base64key…]": the first (the current desk key)
// wraps new data keys and `npm run keys:rotate` re-wraps the others under it; every listed key
// unwraps, so a rotation can run while the desk works.

const WRAPPED = "sdkey:v1";
type DeskKey = { id: string; key: Buffer };
export type DeskKeyring = { current: DeskKey; byId: Map<string, Buffer> };

let cached: { source: string; keyring: DeskKeyring } | undefined;

export class EncryptionConfigError extends Error {}

/** The configured desk keys (parsed once per value of the variable). */
export function deskKeys(): DeskKeyring {
  const source = process.env.STORYDESK_ENCRYPTION_KEYS ?? "";
  if (cached?.source === source) return cached.keyring;
  const keys = source
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, material] = entry.split(":");
      const key = Buffer.from(material ?? "", "base64");
      if (!id || !/^[A-Za-z0-9_-]+$/.test(id) || key.length !== 32) {
        throw new EncryptionConfigError("STORYDESK_ENCRYPTION_KEYS must be id:base64 pairs of 32-byte keys");
      }
      return { id, key };
    });
  if (keys.length === 0) throw new EncryptionConfigError("STORYDESK_ENCRYPTION_KEYS is not set");
  if (new Set(keys.map((key) => key.id)).size !== keys.length) throw new EncryptionConfigError("STORYDESK_ENCRYPTION_KEYS names a key id twice");
  const keyring = { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k.key])) };
  cached = { source, keyring };
  return keyring;
}

/** A new random key in the STORYDESK_ENCRYPTION_KEYS format. */
export function generateKeyEntry(id = "k1"): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}

/** A fresh data key for one source. */
export const newDataKey = (): Buffer => randomBytes(32);

/** The associated data of a wrapped key: it unwraps only for its own source and version. */
const wrapContext = (sourceId: string, version: number) => Buffer.from(`source-key:${sourceId}:k${version}`, "utf8");

/** Wraps a source's data key under the current desk key. */
export function wrapDataKey(dataKey: Buffer, sourceId: string, version: number): { deskKeyId: string; wrapped: string } {
  const { current } = deskKeys();
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, nonce);
  cipher.setAAD(wrapContext(sourceId, version));
  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  const wrapped = [WRAPPED, current.id, nonce.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
  return { deskKeyId: current.id, wrapped };
}

/** The desk key id a wrapped key names. */
export function deskKeyIdOf(wrapped: string): string {
  return wrapped.split(":")[2] ?? "";
}

/**
 * Opens `prefix:deskKeyId:nonce:ciphertext:tag` sealed with a desk key (AES-256-GCM, `aad` bound
 * in): a wrapped data key, or a field sealed before per-source keys. Throws if it is not one, no
 * configured desk key opens it, or it was moved or altered.
 */
export function openWithDeskKey(stored: string, prefix: string, aad: Buffer, what: string): Buffer {
  const parts = stored.split(":");
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== prefix) throw new Error(`not ${what}`);
  const [, , deskKeyId, nonce, ciphertext, tag] = parts as [string, string, string, string, string, string];
  const key = deskKeys().byId.get(deskKeyId);
  if (!key) throw new EncryptionConfigError(`no desk key with id ${deskKeyId} in STORYDESK_ENCRYPTION_KEYS`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
  decipher.setAAD(aad);
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  // GCM deciphers in update (final adds no bytes); final checks the tag, so nothing is returned before it passes.
  const opened = decipher.update(Buffer.from(ciphertext, "base64url"));
  decipher.final();
  return opened;
}

/** Unwraps a source's data key (throws if no configured desk key opens it, or it was moved or altered). */
export function unwrapDataKey(wrapped: string, sourceId: string, version: number): Buffer {
  return openWithDeskKey(wrapped, WRAPPED, wrapContext(sourceId, version), "a wrapped data key");
}
