import "server-only";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RichTextDoc } from "@/lib/rich-text";
import type { StoryAccess } from "@/lib/server/access";
import { sealField } from "@/lib/server/crypto/fields";
import { newDataKey, wrapDataKey } from "@/lib/server/crypto/keys";
import type { ProtectionValue } from "@/lib/validations/sources";
import { createSourceKey, destroySourceKey, keyForWrite, loadSourceKeys, type KeyState, type WritableKey } from "./keyring";
import { IDENTITY_FIELDS, fieldContext, isSealedOrEmpty, notesDoc, notesText, openValue, type IdentityField } from "./open";
import { aliasOf, isLead, lowers, maySeeProtected } from "./rule";
import { dropSourceTokens, indexSource } from "./search-index";

// Writing a source's identity through the lens: every identity field sealed with the source's
// own data key on every write (only what changed: ciphertexts are randomized, and an unchanged
// field must not show up as a change in the ledger), and the rule for who may change what —
// protected fields, lowering the protection, burning, restoring.

/** The identity fields as a write gives them: undefined = unchanged. */
export type IdentityInput = { name?: string; affiliation?: string; link?: string; notes?: RichTextDoc; contact?: string };

/** A source row as an edit loads it (camelCase columns). */
export type SourceRow = {
  id: string;
  storyId: string;
  name: string;
  affiliation: string;
  link: string;
  notes: unknown;
  contact: string | null;
  protection: string;
  alias: string | null;
  loggedById: string;
  burnedAt: Date | null;
};

const forbidden = (message: string) => new AppError("FORBIDDEN", { message });
const ONLY_PERMITTED = "Only the story's leads and the reporter who logged this source can change its protected details.";
const BURNED = "This source was burned: its identity was destroyed and cannot be written again.";

/** The plaintext a field gets from an input ("" = empty), or undefined when the input leaves it. */
function given(input: IdentityInput, field: IdentityField): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  return field === "notes" ? notesText(value as RichTextDoc) : (value as string);
}

const seal = (key: WritableKey, sourceId: string, field: IdentityField, plain: string) => (plain === "" ? "" : sealField(key.key, key.version, plain, fieldContext(sourceId, field)));
const asState = (key: WritableKey): KeyState => ({ state: "key", version: key.version, key: () => key.key });

async function nextAlias(tx: Tx, storyId: string): Promise<string> {
  return aliasOf(await tx.source.count({ where: { storyId, alias: { not: null } } }));
}

/** The identity columns of a new source, every one sealed with its new data key, and an alias if confidential. */
export async function sealNewSource(tx: Tx, access: StoryAccess, sourceId: string, input: Required<IdentityInput> & { protection: ProtectionValue }) {
  const key = await createSourceKey(tx, sourceId);
  await indexSource(tx, access.storyId, sourceId, input);
  return {
    name: seal(key, sourceId, "name", input.name),
    affiliation: seal(key, sourceId, "affiliation", input.affiliation),
    link: seal(key, sourceId, "link", input.link),
    notes: seal(key, sourceId, "notes", notesText(input.notes)),
    contact: input.contact ? seal(key, sourceId, "contact", input.contact) : null,
    alias: input.protection === "confidential" ? await nextAlias(tx, access.storyId) : null,
  };
}

/**
 * The identity columns a write changes: each field given that differs from what is stored,
 * and any still in a form from before issue 13 (plaintext, or sealed with the desk key), sealed
 * with the source's key. Fields left undefined stay.
 */
/** Sealed identity columns (contact is null when there is none). */
export type SealedColumns = { name?: string; affiliation?: string; link?: string; notes?: string; contact?: string | null };

export async function sealChanges(tx: Tx, current: SourceRow, input: IdentityInput): Promise<SealedColumns> {
  const touches = IDENTITY_FIELDS.some((field) => given(input, field) !== undefined);
  const legacy = IDENTITY_FIELDS.some((field) => !isSealedOrEmpty(current[field]));
  if (!touches && !legacy) return {};
  const key = await keyForWrite(tx, current.id);
  const state = asState(key);
  const changes: Record<string, string | null> = {};
  const opened: Partial<Record<IdentityField, string | null>> = {};
  for (const field of IDENTITY_FIELDS) {
    const stored = current[field];
    const before = openValue(state, current.id, field, stored);
    const after = (opened[field] = given(input, field) ?? before);
    if (after === null) continue; // cannot be opened, and not given: left as it is
    if (after !== before || !isSealedOrEmpty(stored)) changes[field] = field === "contact" && after === "" ? null : seal(key, current.id, field, after);
  }
  // The search index follows the name and affiliation (a value no key opens leaves the source unindexed: always a candidate).
  if ("name" in changes || "affiliation" in changes) await reindex(tx, current.storyId, current.id, opened);
  return changes as SealedColumns;
}

/**
 * The columns an edit changes in a source's identity and protection. A member who may not see
 * a source's protected fields cannot change them (contact always; the identity when it is
 * confidential); nobody lowers the protection here (lowerSourceProtection does, for leads, with
 * a reason); nobody writes a burned source's identity.
 */
export async function sealedChanges(tx: Tx, access: StoryAccess, current: SourceRow, input: IdentityInput & { protection?: ProtectionValue }) {
  const protection = input.protection ?? current.protection;
  if (lowers(current.protection, protection)) {
    throw forbidden("Lowering a source's protection is a step of its own: a story lead uses “Lower protection” and gives a reason.");
  }
  const permitted = maySeeProtected(access, current.loggedById);
  const identityGiven = (["name", "affiliation", "link", "notes"] as const).some((field) => given(input, field) !== undefined);
  if (!permitted && (input.contact !== undefined || (current.protection === "confidential" && identityGiven))) throw forbidden(ONLY_PERMITTED);
  if (current.burnedAt && (identityGiven || input.contact !== undefined)) throw new AppError("CONFLICT", { message: BURNED });
  const identity = current.burnedAt ? {} : await sealChanges(tx, current, input);
  const alias = protection === "confidential" && !current.alias ? { alias: await nextAlias(tx, access.storyId) } : {};
  return { ...identity, ...alias };
}

/** Checks a lowering of the protection: a story lead, to a lower level. */
export function assertMayLower(access: StoryAccess, current: SourceRow, protection: ProtectionValue): void {
  if (!isLead(access)) throw forbidden("Only the story's leads can lower a source's protection.");
  if (!lowers(current.protection, protection)) {
    throw new AppError("VALIDATION", { fieldErrors: { protection: ["Choose a level below the source's current one."] } });
  }
  if (current.burnedAt) throw new AppError("CONFLICT", { message: BURNED });
}

/**
 * Burns a source: destroys its data key, so every value it sealed — in the row, every past
 * revision and every backup taken from now on — can never be opened again, and returns the
 * row's new identity columns (emptied) with who burned it and when. A story lead only.
 */
export async function burnChanges(tx: Tx, access: StoryAccess, current: SourceRow) {
  if (!isLead(access)) throw forbidden("Only the story's leads can burn a source.");
  if (current.burnedAt || !(await destroySourceKey(tx, current.id))) {
    throw new AppError("CONFLICT", { message: "This source was burned already." });
  }
  await dropSourceTokens(tx, current.id);
  return { name: "", affiliation: "", link: "", notes: "", contact: null, burnedAt: new Date(), burnedById: access.user.id };
}

/** Rank and rule for a restore: a burned source stays burned; lowering the protection is a lead's; protected details are the permitted's. */
export function assertMayRestoreSource(access: StoryAccess, current: Record<string, unknown>, snapshot: Record<string, unknown>): void {
  if (current.burned_at) throw new AppError("CONFLICT", { message: "This source was burned: its earlier versions cannot be brought back." });
  if (lowers(String(current.protection), String(snapshot.protection)) && !isLead(access)) {
    throw forbidden("Only the story's leads can lower a source's protection, which restoring this version would do.");
  }
  const involved = [current.protection, snapshot.protection].includes("confidential") || current.contact !== snapshot.contact;
  if (involved && !maySeeProtected(access, String(current.logged_by_id))) {
    throw forbidden("Only the story's leads and the reporter who logged this source can restore its protected details.");
  }
}

/** May this reader restore versions of a source with these revisions? Not one that is or was confidential and hidden from them. */
export const mayRestoreSource = (access: StoryAccess, loggedById: string, snapshots: Record<string, unknown>[]) =>
  !snapshots.at(-1)?.burned_at && (maySeeProtected(access, loggedById) || !snapshots.some((snapshot) => snapshot.protection === "confidential"));

/**
 * A revision's snapshot as a restore writes it back: identity values from before issue 13 sealed
 * with the source's key; the search index set to the name and affiliation it brings back.
 */
export async function restorableSource(tx: Tx, revision: Record<string, unknown>): Promise<Record<string, unknown>> {
  const id = String(revision.id);
  const key = await keyForWrite(tx, id);
  const state = asState(key);
  const out = { ...revision };
  const opened: Partial<Record<IdentityField, string | null>> = {};
  for (const field of IDENTITY_FIELDS) {
    const plain = (opened[field] = openValue(state, id, field, revision[field]));
    if (isSealedOrEmpty(revision[field])) continue;
    if (plain === null) throw new AppError("CONFLICT", { message: "This version's details cannot be decrypted with the desk's keys, so it cannot be restored." });
    out[field] = field === "contact" && plain === "" ? null : seal(key, id, field, plain);
  }
  await reindex(tx, String(revision.story_id), id, opened);
  return out;
}

/** The source's tokens for the name and affiliation it now holds; none (always a candidate) if either cannot be opened. */
async function reindex(tx: Tx, storyId: string, sourceId: string, opened: Partial<Record<IdentityField, string | null>>): Promise<void> {
  const { name, affiliation } = opened;
  if (typeof name === "string" && typeof affiliation === "string") await indexSource(tx, storyId, sourceId, { name, affiliation });
  else await dropSourceTokens(tx, sourceId);
}

/**
 * The notes of a source before and after a write, opened for finding @mentions, and who may be
 * notified of them: when the source is confidential, only those who may see it (its leads and
 * its logger) — a mention must not tell anyone else what its notes say.
 */
export async function sourceMentionTexts(tx: Tx, storyId: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>) {
  const id = String(after.id);
  const keys = await loadSourceKeys([id], tx);
  const notes = (value: unknown) => notesDoc(openValue(keys.get(id), id, "notes", value));
  let audience: string[] | null = null;
  if (after.protection === "confidential") {
    const leads = await tx.storyMember.findMany({ where: { storyId, role: "lead", deletedAt: null }, select: { userId: true } });
    audience = [...leads.map((lead) => lead.userId), String(after.logged_by_id)];
  }
  return { before: before ? notes(before.notes) : null, after: notes(after.notes), audience };
}

/**
 * A source's identity sealed with a fresh data key, and that key wrapped: for tools that write
 * sources in bulk outside the app (the bench) and insert `source_keys` themselves.
 */
export function sealForBulkInsert(sourceId: string, input: { name: string; affiliation: string; link: string; notes: string }) {
  const key: WritableKey = { version: 1, key: newDataKey(), created: true };
  return {
    ...wrapDataKey(key.key, sourceId, key.version),
    name: seal(key, sourceId, "name", input.name),
    affiliation: seal(key, sourceId, "affiliation", input.affiliation),
    link: seal(key, sourceId, "link", input.link),
    notes: seal(key, sourceId, "notes", input.notes),
  };
}
