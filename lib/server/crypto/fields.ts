import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Field encryption at rest: AES-256-GCM, a fresh random 96-bit nonce per value, the key id
// inside the stored value (for rotation), and the row and field bound in as associated data
// so a ciphertext cannot be moved to another row or field. See ARCHITECTURE.md beside this file.
//
// STORYDESK_ENCRYPTION_KEYS = "id:base64key[,id:base64key…]": the first key encrypts, all decrypt.

const PREFIX = "sdenc:v1";
type Key = { id: string; key: Buffer };
type Keyring = { current: Key; byId: Map<string, Buffer> };

let cached: { source: string; keyring: Keyring } | undefined;

export class EncryptionConfigError extends Error {}

function keyring(): Keyring {
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
  const built = { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k.key])) };
  cached = { source, keyring: built };
  return built;
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(`${PREFIX}:`);
}

/** Encrypts `plain`; `context` names the row and field (e.g. "source:<id>:contact"). */
export function encryptField(plain: string, context: string): string {
  const { current } = keyring();
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [PREFIX, current.id, nonce.toString("base64url"), ciphertext.toString("base64url"), tag.toString("base64url")].join(":");
}

export function decryptField(stored: string, context: string): string {
  const parts = stored.split(":");
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== PREFIX) throw new Error("not an encrypted field value");
  const [, , keyId, nonce, ciphertext, tag] = parts as [string, string, string, string, string, string];
  const key = keyring().byId.get(keyId);
  if (!key) throw new EncryptionConfigError(`no key with id ${keyId} in STORYDESK_ENCRYPTION_KEYS`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

/** A new random key in the STORYDESK_ENCRYPTION_KEYS format. */
export function generateKeyEntry(id = "k1"): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}
