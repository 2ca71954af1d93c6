import { findNotes, hex8, openNote, signNote, type Signer, type Verifier } from "./note";

// A checkpoint's text: the layout of a C2SP transparency-log checkpoint (origin, size, hash,
// then extension lines), so tools that read checkpoints can read it, and a signed note around
// it, so tools that check notes can check it (`note.Open` with the desk's verifier key).
//
//   newsroom.example/storydesk/3f9c0c1e-…   origin: the key's name, then the chain ("desk" or a story id)
//   412                                      the chain's length: revisions #1–#412
//   u6r1…=                                   base64 of revision #412's hash (the chain head then)
//   time 2026-12-01T14:02:03.123Z            when it was signed
//
// The hash is the head of the ledger's hash chain (lib/server/ledger/ARCHITECTURE.md), not
// the root of an RFC 6962 Merkle tree: a later chain is consistent with a checkpoint when its
// revision #412 still has that hash and every later revision links back to it.

export type CheckpointFacts = { chain: string; seq: number; headHash: string; signedAt: Date };
export type SignedCheckpoint = CheckpointFacts & { note: string; keyName: string; keyId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function checkpointText(keyName: string, facts: CheckpointFacts): string {
  return `${keyName}/${facts.chain}\n${facts.seq}\n${Buffer.from(facts.headHash, "hex").toString("base64")}\ntime ${facts.signedAt.toISOString()}\n`;
}

export function signCheckpoint(signer: Signer, facts: CheckpointFacts): SignedCheckpoint {
  return { ...facts, note: signNote(checkpointText(signer.name, facts), signer), keyName: signer.name, keyId: hex8(signer.keyId) };
}

/** What a checkpoint's text says, or null when it is not a Storydesk checkpoint. */
export function parseCheckpointText(text: string): CheckpointFacts | null {
  const [origin, size, hash, ...extensions] = text.replace(/\n$/, "").split("\n");
  const chain = origin?.slice(origin.lastIndexOf("/") + 1) ?? "";
  if (!origin || !origin.includes("/") || !(chain === "desk" || UUID.test(chain))) return null;
  if (!size || !/^[1-9][0-9]{0,15}$/.test(size)) return null;
  const bytes = Buffer.from(hash ?? "", "base64");
  if (bytes.length !== 32 || bytes.toString("base64") !== hash) return null;
  const time = extensions.find((line) => line.startsWith("time "))?.slice(5);
  const signedAt = time ? new Date(time) : null;
  if (!signedAt || Number.isNaN(signedAt.getTime()) || signedAt.toISOString() !== time) return null;
  return { chain, seq: Number(size), headHash: bytes.toString("hex"), signedAt };
}

export type ReadCheckpoint =
  | { ok: true; checkpoint: SignedCheckpoint }
  /** malformed: not a Storydesk checkpoint; invalid-signature: altered or forged; unknown-key:
   * signed, but by no key this desk trusts. `facts` is what it claims, when readable. */
  | { ok: false; reason: "malformed" | "invalid-signature" | "unknown-key"; note: string; facts: CheckpointFacts | null; keyName: string | null };

/** Opens a checkpoint note with the trusted keys and reads it. */
export function readCheckpoint(note: string, verifiers: Verifier[]): ReadCheckpoint {
  const opened = openNote(note, verifiers);
  const facts = opened.text === null ? null : parseCheckpointText(opened.text);
  if (!opened.ok) return { ok: false, reason: opened.reason, note, facts, keyName: opened.unverified[0]?.name ?? null };
  if (!facts) return { ok: false, reason: "malformed", note, facts: null, keyName: opened.verified[0]!.name };
  const signature = opened.verified[0]!;
  return { ok: true, checkpoint: { ...facts, note, keyName: signature.name, keyId: hex8(signature.keyId) } };
}

/** Every checkpoint in a text (a checkpoint file, a dossier). */
export const checkpointNotesIn = (content: string) => findNotes(content).filter((note) => /^\S+\/(desk|[0-9a-f-]{36})\n/.test(note));
