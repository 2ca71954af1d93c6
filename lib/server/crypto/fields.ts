import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deskKeys, openWithDeskKey } from "./keys";

// Sealed fields: a value encrypted with its source's data key (keys.ts). AES-256-GCM, a fresh
// random 96-bit nonce per value, and `<context>:k<key version>` (context = "source:<id>:<field>")
// bound in as associated data, so a ciphertext copied to another row or field, or read with
// another version of the key, does not open. The plaintext is padded (a length prefix, then
// zeros up to a bucket) so a ciphertext's length does not give a name's length away.
// See ARCHITECTURE.md beside this file.
//
// Stored form: sdenc:v2:<key version>:<nonce>:<ciphertext>:<tag> (base64url).
// Before issue 13, values were sealed with the desk key itself: sdenc:v1:<desk key id>:… —
// read by openLegacyField for the migration, and for past revisions that still hold them.

const SEALED = "sdenc:v2";
const LEGACY = "sdenc:v1";

export const isSealed = (value: string) => value.startsWith(`${SEALED}:`);
export const isLegacySealed = (value: string) => value.startsWith(`${LEGACY}:`);

/** The data key version a sealed value needs (0 if it is not one). */
export function keyVersionOf(stored: string): number {
  return isSealed(stored) ? Number(stored.split(":")[2]) || 0 : 0;
}

/** Bytes a plaintext of `length` bytes (plus its 4-byte length prefix) is padded to. */
export function paddedLength(length: number): number {
  const total = length + 4;
  if (total <= 1024) return Math.ceil(total / 64) * 64;
  // Longer texts (notes): Padmé (Nikitin et al., PURBs, 2019) leaks O(log log L) bits of the length.
  const exponent = Math.floor(Math.log2(total));
  const lastBits = exponent - (Math.floor(Math.log2(exponent)) + 1);
  const mask = 2 ** lastBits - 1;
  return Math.ceil(total / (mask + 1)) * (mask + 1);
}

function pad(plain: string): Buffer {
  const bytes = Buffer.from(plain, "utf8");
  const out = Buffer.alloc(paddedLength(bytes.length));
  out.writeUInt32BE(bytes.length, 0);
  bytes.copy(out, 4);
  return out;
}

function unpad(padded: Buffer): string {
  const length = padded.readUInt32BE(0);
  if (length > padded.length - 4) throw new Error("a sealed value's padding is corrupt");
  return padded.subarray(4, 4 + length).toString("utf8");
}

const aad = (context: string, version: number) => Buffer.from(`${context}:k${version}`, "utf8");

/** Seals `plain` with a source's data key (of version `version`) for one field (`context`). */
export function sealField(dataKey: Buffer, version: number, plain: string, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", dataKey, nonce);
  cipher.setAAD(aad(context, version));
  const ciphertext = Buffer.concat([cipher.update(pad(plain)), cipher.final()]);
  return [SEALED, String(version), nonce.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
}

/** A value sealed by sealField, in its parts (split once: a sources panel opens ~200 a render). */
export type SealedValue = { version: number; nonce: string; ciphertext: string; tag: string };

/** The parts of a sealed value; null if it is not one. */
export function parseSealed(stored: string): SealedValue | null {
  const parts = stored.split(":");
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== SEALED) return null;
  const [, , version, nonce, ciphertext, tag] = parts as [string, string, string, string, string, string];
  return { version: Number(version), nonce, ciphertext, tag };
}

/** Opens a value sealed by sealField with the same data key, version and context (throws otherwise). */
export function openField(dataKey: Buffer, stored: string, context: string): string {
  const sealed = parseSealed(stored);
  if (!sealed) throw new Error("not a sealed field value");
  return openSealed(dataKey, sealed, context);
}

/** openField of a value parsed already. */
export function openSealed(dataKey: Buffer, { version, nonce, ciphertext, tag }: SealedValue, context: string): string {
  const decipher = createDecipheriv("aes-256-gcm", dataKey, Buffer.from(nonce, "base64url"));
  decipher.setAAD(aad(context, version));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  // GCM deciphers in update (final adds no bytes); final checks the tag, so nothing is read before it passes.
  const padded = decipher.update(Buffer.from(ciphertext, "base64url"));
  decipher.final();
  return unpad(padded);
}

/** Opens a value sealed before issue 13 directly with a desk key (sdenc:v1). */
export function openLegacyField(stored: string, context: string): string {
  return openWithDeskKey(stored, LEGACY, Buffer.from(context, "utf8"), "a legacy sealed value").toString("utf8");
}

/** A value in the pre-issue-13 form (for tests of the migration only). */
export function sealLegacyField(plain: string, context: string): string {
  const { current } = deskKeys();
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current.key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [LEGACY, current.id, nonce.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
}
