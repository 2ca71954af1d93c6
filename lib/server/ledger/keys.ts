import { AppError } from "@/lib/errors";
import { NoteKeyError, parseSignerKey, parseVerifierKey, verifierKeyOf, verifierOf, type Signer, type Verifier } from "./note";

// The desk's checkpoint signing key and the keys its checkpoints are verified with.
//   STORYDESK_SIGNING_KEY     the signer key, PRIVATE+KEY+<name>+<id>+<key> (Go's sumdb/note
//                             format; `npm run audit:key -- --new <name>` makes one). Demo mode
//                             generates one into .data/signing-key; required otherwise.
//   STORYDESK_VERIFIER_KEYS   more verifier keys to trust (comma or space separated): the desk's
//                             earlier keys after a rotation, so their checkpoints still verify.

const state = globalThis as unknown as { storydeskSigner?: { source: string; signer: Signer } };

/** The signing key, or null when none is configured. A malformed key throws. */
export function configuredSigner(): Signer | null {
  const source = process.env.STORYDESK_SIGNING_KEY?.trim();
  if (!source) return null;
  if (state.storydeskSigner?.source !== source) {
    try {
      state.storydeskSigner = { source, signer: parseSignerKey(source) };
    } catch (error) {
      throw new Error(`STORYDESK_SIGNING_KEY is not a valid signer key: ${error instanceof NoteKeyError ? error.message : "unreadable"}`);
    }
  }
  return state.storydeskSigner.signer;
}

/** The signing key; without one, nothing can be signed (a clear error, never a crash). */
export function deskSigner(): Signer {
  const signer = configuredSigner();
  if (!signer) {
    throw new AppError("UNAVAILABLE", { message: "This desk has no signing key (STORYDESK_SIGNING_KEY), so it cannot sign checkpoints. Ask an administrator." });
  }
  return signer;
}

/** The desk's public (verifier) key, to be published and kept outside the database. */
export function deskVerifierKey(): string | null {
  const signer = configuredSigner();
  return signer ? verifierKeyOf(signer) : null;
}

/** Parses verifier keys from a list (comma, space or newline separated). */
export function parseVerifierKeys(list: string): Verifier[] {
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((key) => {
      try {
        return parseVerifierKey(key);
      } catch (error) {
        throw new Error(`Not a verifier key: ${key} (${error instanceof NoteKeyError ? error.message : "unreadable"})`);
      }
    });
}

/** The keys checkpoints are verified with: the desk's own and STORYDESK_VERIFIER_KEYS. */
export function trustedVerifiers(): Verifier[] {
  const signer = configuredSigner();
  return [...(signer ? [verifierOf(signer)] : []), ...parseVerifierKeys(process.env.STORYDESK_VERIFIER_KEYS ?? "")];
}
