import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from "node:crypto";

// C2SP signed notes (https://c2sp.org/signed-note), Ed25519 only, compatible with Go's
// golang.org/x/mod/sumdb/note: the same key encodings, key IDs and signatures, so a note this
// desk signs opens with `note.Open` and the desk's verifier key, and a key made by
// `note.GenerateKey` signs here.
//
//   signer key:   PRIVATE+KEY+<name>+<key ID, 8 hex>+<base64(0x01 || 32-byte seed)>
//   verifier key: <name>+<key ID, 8 hex>+<base64(0x01 || 32-byte public key)>
//   key ID:       first 4 bytes of SHA-256(name || "\n" || 0x01 || public key)
//   note:         text (ending in "\n"), "\n", then lines "— <name> <base64(key ID || signature)>\n"

const ED25519 = 0x01;
const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519 = Buffer.from("302a300506032b6570032100", "hex");
const SIGNATURE_PREFIX = "— ";
/** More signature lines than this: not a note we open (Go's limit is 100). */
const MAX_SIGNATURES = 100;

export class NoteKeyError extends Error {}

export type Signer = { name: string; keyId: number; privateKey: KeyObject; publicKey: Buffer };
export type Verifier = { name: string; keyId: number; publicKey: KeyObject };

/** Non-empty, no Unicode space, no plus. */
export const isValidKeyName = (name: string) => name.length > 0 && !/[\s+]/u.test(name) && !name.includes("\uFFFD");

export function keyIdOf(name: string, publicKey: Buffer): number {
  return createHash("sha256")
    .update(Buffer.concat([Buffer.from(`${name}\n`, "utf8"), Buffer.from([ED25519]), publicKey]))
    .digest()
    .readUInt32BE(0);
}

export const hex8 = (keyId: number) => keyId.toString(16).padStart(8, "0");

function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: "der", type: "spki" });
}

function signerFromSeed(name: string, seed: Buffer): Signer {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(SPKI_ED25519.length);
  return { name, keyId: keyIdOf(name, publicKey), privateKey, publicKey };
}

function splitKey(encoded: string, parts: number): string[] {
  const fields: string[] = [];
  let rest = encoded.trim();
  for (let i = 1; i < parts; i++) {
    const plus = rest.indexOf("+");
    if (plus < 0) return [];
    fields.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  return [...fields, rest];
}

function decodeKeyMaterial(name: string, idHex: string, data: string): Buffer {
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/i.test(idHex)) throw new NoteKeyError("malformed key");
  const bytes = Buffer.from(data, "base64");
  if (bytes.toString("base64") !== data || bytes.length !== 33) throw new NoteKeyError("malformed key");
  if (bytes[0] !== ED25519) throw new NoteKeyError("not an Ed25519 key");
  return bytes.subarray(1);
}

/** Reads a signer key (PRIVATE+KEY+name+id+data); its ID must match the key it holds. */
export function parseSignerKey(encoded: string): Signer {
  const [private1, private2, name, idHex, data] = splitKey(encoded, 5);
  if (private1 !== "PRIVATE" || private2 !== "KEY" || name === undefined || idHex === undefined || data === undefined) {
    throw new NoteKeyError("not a signer key (PRIVATE+KEY+<name>+<id>+<key>)");
  }
  const signer = signerFromSeed(name, decodeKeyMaterial(name, idHex, data));
  if (signer.keyId !== Number.parseInt(idHex, 16)) throw new NoteKeyError("the key ID does not match the key");
  return signer;
}

/** Reads a verifier key (name+id+data); its ID must match the key it holds. */
export function parseVerifierKey(encoded: string): Verifier {
  const [name, idHex, data] = splitKey(encoded, 3);
  if (name === undefined || idHex === undefined || data === undefined) throw new NoteKeyError("not a verifier key (<name>+<id>+<key>)");
  const raw = decodeKeyMaterial(name, idHex, data);
  const keyId = keyIdOf(name, raw);
  if (keyId !== Number.parseInt(idHex, 16)) throw new NoteKeyError("the key ID does not match the key");
  return { name, keyId, publicKey: publicKeyObject(raw) };
}

export const verifierKeyOf = (signer: Signer) =>
  `${signer.name}+${hex8(signer.keyId)}+${Buffer.concat([Buffer.from([ED25519]), signer.publicKey]).toString("base64")}`;

export const verifierOf = (signer: Signer): Verifier => ({ name: signer.name, keyId: signer.keyId, publicKey: publicKeyObject(signer.publicKey) });

/** A new key pair named `name`: the signer key (secret) and the verifier key (to publish). */
export function generateSignerKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw new NoteKeyError("A key name must be non-empty, without spaces or '+' (e.g. newsroom.example/storydesk).");
  const seed = randomBytes(32);
  const signer = signerFromSeed(name, seed);
  const signerKey = `PRIVATE+KEY+${name}+${hex8(signer.keyId)}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString("base64")}`;
  return { signerKey, verifierKey: verifierKeyOf(signer) };
}

/** Signs `text` (which must end in a newline): the note with one signature line. */
export function signNote(text: string, signer: Signer): string {
  if (!text.endsWith("\n")) throw new Error("A note's text ends with a newline.");
  const signature = sign(null, Buffer.from(text, "utf8"), signer.privateKey);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([id, signature]).toString("base64")}\n`;
}

export type NoteSignature = { name: string; keyId: number };

export type OpenedNote =
  | { ok: true; text: string; verified: NoteSignature[]; unverified: NoteSignature[] }
  /** malformed: not a signed note; invalid: a known key's signature does not verify;
   * unknown-key: well formed, but signed by no key we know. */
  | { ok: false; reason: "malformed" | "invalid-signature" | "unknown-key"; text: string | null; unverified: NoteSignature[] };

/**
 * Opens a signed note as Go's note.Open does: it must be valid UTF-8 without control
 * characters other than newline; the text is everything up to the last blank line; every
 * signature by a known key must verify, and at least one must be by a known key.
 */
export function openNote(message: string, verifiers: Verifier[]): OpenedNote {
  const malformed = { ok: false as const, reason: "malformed" as const, text: null, unverified: [] };
  if (/[\u0000-\u0009\u000b-\u001f\uFFFD]/.test(message)) return malformed;
  const split = message.lastIndexOf("\n\n");
  if (split < 0) return malformed;
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (!block.endsWith("\n")) return malformed;
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) return malformed;
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return malformed;
    const body = line.slice(SIGNATURE_PREFIX.length);
    const space = body.indexOf(" ");
    const name = space < 0 ? body : body.slice(0, space);
    const encoded = space < 0 ? "" : body.slice(space + 1);
    const bytes = Buffer.from(encoded, "base64");
    if (!isValidKeyName(name) || encoded === "" || bytes.toString("base64") !== encoded || bytes.length < 5) return malformed;
    const keyId = bytes.readUInt32BE(0);
    const verifier = verifiers.find((candidate) => candidate.name === name && candidate.keyId === keyId);
    if (!verifier) {
      if (!unverified.some((seen) => seen.name === name && seen.keyId === keyId)) unverified.push({ name, keyId });
      continue;
    }
    if (verified.some((seen) => seen.name === name && seen.keyId === keyId)) continue;
    if (!verify(null, Buffer.from(text, "utf8"), verifier.publicKey, bytes.subarray(4))) {
      return { ok: false, reason: "invalid-signature", text, unverified };
    }
    verified.push({ name, keyId });
  }
  if (verified.length === 0) return { ok: false, reason: "unknown-key", text, unverified };
  return { ok: true, text, verified, unverified };
}

/**
 * Splits a text holding any number of signed notes (a checkpoint file: notes one after
 * another, blank lines between them; or a dossier with its checkpoint inside) into the notes
 * it contains. A note is recognised as text lines, a blank line, and one or more "— " lines.
 */
export function findNotes(content: string): string[] {
  const lines = content.replace(/\r\n/g, "\n").split("\n");
  const notes: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith(SIGNATURE_PREFIX) || i < 2 || lines[i - 1] !== "" || lines[i - 2] === "") continue;
    let end = i;
    while (end + 1 < lines.length && lines[end + 1]!.startsWith(SIGNATURE_PREFIX)) end++;
    let start = i - 2;
    while (start > 0 && lines[start - 1] !== "" && !lines[start - 1]!.startsWith("```")) start--;
    notes.push(`${lines.slice(start, end + 1).join("\n")}\n`);
    i = end;
  }
  return notes;
}
