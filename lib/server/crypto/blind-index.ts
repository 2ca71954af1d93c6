import "server-only";
import { createHmac, hkdfSync, randomBytes } from "node:crypto";
import { deskKeys } from "./keys";

// The keyed blind index of sealed source names (issue 13): a token is HMAC-SHA-256 of a piece
// of a name, under a key derived (HKDF-SHA-256) from a desk key for one story — never stored,
// derived again whenever needed — truncated to 64 bits. Per story, so the same name in two
// stories gives unrelated tokens. Only the protection lens calls this (it decides what is
// indexed and who may match it); see ARCHITECTURE.md beside this file, "Searching sealed names".

const PURPOSE = "storydesk source-search-tokens v1";

/** Derived keys by desk key (its material, so a changed variable never reuses one) and story: in memory only. */
const derived = new WeakMap<Buffer, Map<string, Buffer>>();

/** The index key of a story under a desk key. */
function indexKey(deskKeyId: string, storyId: string): Buffer {
  const deskKey = deskKeys().byId.get(deskKeyId);
  if (!deskKey) throw new Error(`no desk key with id ${deskKeyId} in STORYDESK_ENCRYPTION_KEYS`);
  let byStory = derived.get(deskKey);
  if (!byStory) derived.set(deskKey, (byStory = new Map()));
  let key = byStory.get(storyId);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", deskKey, Buffer.alloc(0), `${PURPOSE} story:${storyId}`, 32));
    if (byStory.size > 10_000) byStory.clear();
    byStory.set(storyId, key);
  }
  return key;
}

/** The desk keys an index can be under: the current one first, then the older ones still configured (during a rotation). */
export function indexDeskKeyIds(): { current: string; all: string[] } {
  const keyring = deskKeys();
  return { current: keyring.current.id, all: [...keyring.byId.keys()] };
}

/**
 * The tokens of these pieces (strings, exact UTF-16) for a story under a desk key (the current
 * one unless named), as signed 64-bit integers in decimal (PostgreSQL bigint).
 */
export function blindTokens(storyId: string, pieces: Iterable<string>, deskKeyId = deskKeys().current.id): string[] {
  const key = indexKey(deskKeyId, storyId);
  const tokens = new Set<string>();
  for (const piece of pieces) tokens.add(createHmac("sha256", key).update(Buffer.from(piece, "utf16le")).digest().readBigInt64BE(0).toString());
  return [...tokens];
}

/**
 * The tokens with random ones added up to a multiple of `bucket`: how many a source has would
 * otherwise tell the length of its name. A random token matches a search's with a chance of
 * 2^-64 (and the lens confirms every candidate anyway).
 */
export function padTokens(tokens: readonly string[], bucket = 64): string[] {
  const size = Math.max(bucket, Math.ceil(tokens.length / bucket) * bucket);
  const padding = randomBytes(8 * (size - tokens.length));
  return [...tokens, ...Array.from({ length: size - tokens.length }, (_, at) => padding.readBigInt64BE(at * 8).toString())];
}
