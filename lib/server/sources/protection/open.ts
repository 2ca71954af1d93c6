import "server-only";
import type { RichTextDoc } from "@/lib/rich-text";
import { isLegacySealed, isSealed, openLegacyField, openSealed, parseSealed } from "@/lib/server/crypto/fields";
import type { KeyState } from "./keyring";

// Opening one identity field of a source, whatever form it is stored in: sealed with the
// source's data key (sdenc:v2), sealed with a desk key before issue 13 (sdenc:v1), or — in
// revisions from before the migration — plaintext. null when it cannot be opened (a burned
// key, a key no configured desk key unwraps, a value moved from elsewhere). Only the lens
// (index.ts, seal.ts) calls this, after the rule has said the reader may see it.

export type IdentityField = "name" | "affiliation" | "link" | "notes" | "contact";
export const IDENTITY_FIELDS: readonly IdentityField[] = ["name", "affiliation", "link", "notes", "contact"];

/** The AAD of a sealed field: a ciphertext only opens for its own source and field. */
export const fieldContext = (sourceId: string, field: IdentityField) => `source:${sourceId}:${field}`;

/** A stored value: text, or (notes in revisions from before issue 13) a rich-text document. */
export type StoredValue = unknown;

/** The text a field holds: "" when empty, null when it cannot be opened. Notes come back as their JSON. */
export function openValue(keys: KeyState, sourceId: string, field: IdentityField, value: StoredValue): string | null {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "object") return field === "notes" ? JSON.stringify(value) : null;
  if (typeof value !== "string") return null;
  try {
    if (isSealed(value)) {
      const sealed = parseSealed(value);
      if (!sealed || keys.state !== "key" || sealed.version !== keys.version) return null;
      const key = keys.key();
      return key ? openSealed(key, sealed, fieldContext(sourceId, field)) : null;
    }
    if (isLegacySealed(value)) return openLegacyField(value, fieldContext(sourceId, field));
  } catch {
    return null;
  }
  return value; // plaintext from before issue 13
}

/** Notes as stored in a row: "" for none, else the document's JSON (sealed). */
export function notesText(doc: RichTextDoc): string {
  const empty = !doc.content?.length || doc.content.every((node) => node.type === "paragraph" && !node.content?.length);
  return empty ? "" : JSON.stringify(doc);
}

const EMPTY: RichTextDoc = { type: "doc", content: [{ type: "paragraph" }] };

/** Notes from their opened text ("" = none); null if they are not a document. */
export function notesDoc(text: string | null): RichTextDoc | null {
  if (text === null) return null;
  if (text === "") return EMPTY;
  try {
    const doc = JSON.parse(text) as RichTextDoc;
    return doc && doc.type === "doc" ? doc : null;
  } catch {
    return null;
  }
}

/** Is this stored value sealed with the source's own key (or empty)? Anything else is legacy and is sealed again on the next write. */
export const isSealedOrEmpty = (value: StoredValue) => value === null || value === undefined || value === "" || (typeof value === "string" && isSealed(value));
