import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { StoryAccess, SessionUser } from "@/lib/server/access";
import { storyAccessFor } from "@/lib/server/access";
import { recordSensitiveRead } from "@/lib/server/audit";
import { decryptField, encryptField } from "@/lib/server/crypto/fields";
import type { ProtectionValue } from "@/lib/validations/sources";

// THE rule for who sees a confidential source, and the only code that opens (decrypts) or
// seals (encrypts) a source's protected fields or names its alias. Every reader path — panels,
// pickers, labels, history, as of and its search, compare, comments, notifications, the dossier,
// the API — asks here. Contact details are always sealed; a confidential source's name and
// affiliation too. See lib/server/crypto/ARCHITECTURE.md.

/** What a confidential source is called when even its alias is missing. */
export const CONFIDENTIAL_SOURCE = "Confidential source";

/** A source's protected columns as stored (or as a revision snapshot holds them, camelCased). */
export type StoredSource = {
  id: string;
  name: string;
  affiliation: string;
  protection: string;
  alias: string | null;
  loggedById: string;
};

type Field = "name" | "affiliation" | "contact";
/** The AAD of a sealed field: a ciphertext only opens for its own row and field. */
const context = (sourceId: string, field: Field) => `source:${sourceId}:${field}`;
const open = (sourceId: string, field: Field, value: string) => decryptField(value, context(sourceId, field));
const seal = (sourceId: string, field: Field, value: string) => encryptField(value, context(sourceId, field));
/** History may hold values sealed with a key that is gone: shown as such, never a crash. */
const tryOpen = (sourceId: string, field: Field, value: string): string | null => {
  try {
    return open(sourceId, field, value);
  } catch {
    return null;
  }
};

/** The story's leads (as members: an admin passing by is not enough) and whoever logged the source; nobody in a redacted export. */
export function maySeeProtected(access: StoryAccess, loggedById: string): boolean {
  if (access.redact) return false;
  return (access.isMember && access.role === "lead") || loggedById === access.user.id;
}

export type SourceIdentity = {
  /** The name, or the alias when the identity is hidden from this reader. */
  displayName: string;
  /** null when hidden. */
  name: string | null;
  affiliation: string | null;
  identityHidden: boolean;
  canSeeProtected: boolean;
};

/**
 * A source as this reader may know it. `then` is the source as stored at some moment (a
 * revision, or now), `now` as stored today: a source confidential now stays hidden even in
 * moments from before it was made confidential (those revisions hold its name in the clear).
 */
export function identityOf(access: StoryAccess, then: StoredSource, now: StoredSource = then): SourceIdentity {
  const canSeeProtected = maySeeProtected(access, then.loggedById || now.loggedById);
  const confidential = then.protection === "confidential";
  if (!canSeeProtected && (confidential || now.protection === "confidential")) {
    return { displayName: now.alias ?? then.alias ?? CONFIDENTIAL_SOURCE, name: null, affiliation: null, identityHidden: true, canSeeProtected };
  }
  const name = confidential ? tryOpen(then.id, "name", then.name) : then.name;
  const affiliation = confidential && then.affiliation ? tryOpen(then.id, "affiliation", then.affiliation) : then.affiliation;
  return { displayName: name ?? then.alias ?? CONFIDENTIAL_SOURCE, name, affiliation, identityHidden: false, canSeeProtected };
}

/** One identity field of a revision, for history: its words, or why they are not shown. */
export function identityFieldOf(access: StoryAccess, then: StoredSource, now: StoredSource | undefined, field: "name" | "affiliation"): { text: string } | { hidden: "confidential" | "undecryptable" } {
  const identity = identityOf(access, then, now);
  if (identity.identityHidden) return { hidden: "confidential" };
  const text = identity[field];
  return text === null ? { hidden: "undecryptable" } : { text };
}

/** How a source is named to every member of the story (notifications, thread titles): never a confidential name. */
export const publicSourceLabel = (source: Pick<StoredSource, "name" | "protection" | "alias">) =>
  source.protection === "confidential" ? (source.alias ?? CONFIDENTIAL_SOURCE) : source.name;

/** The panel's search (SQL): a sealed name cannot be searched, so a confidential source is found by its alias. */
export function sourceSearchSql(pattern: Prisma.Sql, alias = "t"): Prisma.Sql {
  const t = Prisma.raw(alias);
  return Prisma.sql`(${t}.alias ILIKE ${pattern} OR (${t}.protection <> 'confidential' AND (${t}.name ILIKE ${pattern} OR ${t}.affiliation ILIKE ${pattern})))`;
}

/** The same search over a revision snapshot (as of a moment). */
export function sourceMatches(snapshot: Record<string, unknown>, matches: (value: unknown) => boolean): boolean {
  return matches(snapshot.alias) || (snapshot.protection !== "confidential" && (matches(snapshot.name) || matches(snapshot.affiliation)));
}

const STORED = { id: true, name: true, affiliation: true, protection: true, alias: true, loggedById: true, deletedAt: true } as const;

/** Sources of the story as stored now, by id (deleted ones too). */
export async function storedSources(access: StoryAccess, ids: Iterable<string>, client: Tx = db()): Promise<Map<string, StoredSource & { deletedAt: Date | null }>> {
  const wanted = [...new Set(ids)].filter(Boolean);
  const rows = wanted.length ? await client.source.findMany({ where: { storyId: access.storyId, id: { in: wanted } }, select: STORED }) : [];
  return new Map(rows.map((row) => [row.id, row]));
}

export type SourceOption = { id: string; label: string; deleted: boolean };

/**
 * Every live source of the story (or the given ones, deleted too) as this reader may name it,
 * by name: speaker and link pickers, and the labels of linked sources. Inside a write, pass its
 * transaction: a second pooled connection while holding the chain lock can starve the pool.
 */
export async function sourceOptions(access: StoryAccess, ids?: string[], client: Tx = db()): Promise<SourceOption[]> {
  const rows = await client.source.findMany({
    where: { storyId: access.storyId, ...(ids ? { id: { in: ids } } : { deletedAt: null }) },
    select: STORED,
    orderBy: { createdAt: "asc" },
  });
  return rows
    .map((row) => ({ id: row.id, label: identityOf(access, row).displayName, deleted: row.deletedAt !== null }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

// ---------------------------------------------------------------------------------------------
// Writing: sealing, aliases, and who may change what

/** "Confidential source A", "B", … "Z", "AA": the n-th alias of a story (from 0). */
export function aliasOf(n: number): string {
  let letters = "";
  for (let rest = n; rest >= 0; rest = Math.floor(rest / 26) - 1) letters = String.fromCharCode(65 + (rest % 26)) + letters;
  return `${CONFIDENTIAL_SOURCE} ${letters}`;
}

async function nextAlias(tx: Tx, storyId: string): Promise<string> {
  return aliasOf(await tx.source.count({ where: { storyId, alias: { not: null } } }));
}

/** The stored form of a name and affiliation at a protection level: sealed when confidential. */
export function sealIdentity(sourceId: string, protection: string, name: string, affiliation: string) {
  if (protection !== "confidential") return { name, affiliation };
  return { name: seal(sourceId, "name", name), affiliation: affiliation ? seal(sourceId, "affiliation", affiliation) : "" };
}

type ProtectedInput = { protection: ProtectionValue; name?: string; affiliation?: string; contact?: string };

/** The protected columns of a new source: identity and contact sealed, an alias if confidential. */
export async function sealNewSource(tx: Tx, storyId: string, sourceId: string, input: Required<ProtectedInput>) {
  return {
    ...sealIdentity(sourceId, input.protection, input.name, input.affiliation),
    contact: input.contact ? seal(sourceId, "contact", input.contact) : null,
    alias: input.protection === "confidential" ? await nextAlias(tx, storyId) : null,
  };
}

/**
 * The protected columns an edit changes. Fields left undefined stay; a member who may not see
 * them cannot change them, nor lower a confidential source's protection (FORBIDDEN). Only what
 * changed is sealed again: ciphertexts are randomized, and an unchanged field must not show up
 * as a change in the ledger.
 */
export async function sealedChanges(tx: Tx, access: StoryAccess, current: StoredSource & { contact: string | null }, input: ProtectedInput) {
  const permitted = maySeeProtected(access, current.loggedById);
  const wasConfidential = current.protection === "confidential";
  const willBeConfidential = input.protection === "confidential";
  if (!permitted) {
    const touchesIdentity = wasConfidential && (input.name !== undefined || input.affiliation !== undefined);
    if (input.contact !== undefined || touchesIdentity || (wasConfidential && !willBeConfidential)) {
      throw new AppError("FORBIDDEN", { message: "Only the story's leads and the reporter who logged this source can change its protected details." });
    }
  }
  let identity: { name?: string; affiliation?: string } = {};
  if (permitted || !wasConfidential) {
    const oldName = wasConfidential ? open(current.id, "name", current.name) : current.name;
    const oldAffiliation = wasConfidential && current.affiliation ? open(current.id, "affiliation", current.affiliation) : current.affiliation;
    const name = input.name ?? oldName;
    const affiliation = input.affiliation ?? oldAffiliation;
    if (wasConfidential !== willBeConfidential || name !== oldName || affiliation !== oldAffiliation) {
      identity = sealIdentity(current.id, input.protection, name, affiliation);
    }
  }
  let contact: { contact?: string | null } = {};
  if (input.contact !== undefined && input.contact !== (current.contact ? open(current.id, "contact", current.contact) : "")) {
    contact = { contact: input.contact ? seal(current.id, "contact", input.contact) : null };
  }
  const alias = willBeConfidential && !current.alias ? { alias: await nextAlias(tx, access.storyId) } : {};
  return { ...identity, ...contact, ...alias };
}

/** Restoring a source's revision: only those who may see it, when protection or contact is involved. */
export function assertMayRestoreSource(access: StoryAccess, current: Record<string, unknown>, snapshot: Record<string, unknown>): void {
  const involved = [current.protection, snapshot.protection].includes("confidential") || current.contact !== snapshot.contact;
  if (involved && !maySeeProtected(access, String(current.logged_by_id))) {
    throw new AppError("FORBIDDEN", { message: "Only the story's leads and the reporter who logged this source can restore its protected details." });
  }
}

/** May this reader restore versions of a source with these revisions? Not one that is or was confidential and hidden from them. */
export const mayRestoreSource = (access: StoryAccess, loggedById: string, snapshots: Record<string, unknown>[]) =>
  maySeeProtected(access, loggedById) || !snapshots.some((snapshot) => snapshot.protection === "confidential");

// ---------------------------------------------------------------------------------------------
// Contact details: never sent with lists; read one at a time, and every read is recorded

/** Shows a source's contact details to a permitted member, and records that they did. */
export async function revealContact(user: SessionUser, storyId: string, sourceId: string): Promise<string | null> {
  const access = await storyAccessFor(user, storyId, "reader");
  const source = await db().source.findFirst({ where: { id: sourceId, storyId: access.storyId }, select: { id: true, contact: true, loggedById: true } });
  if (!source) throw new AppError("NOT_FOUND");
  if (!maySeeProtected(access, source.loggedById)) {
    throw new AppError("FORBIDDEN", { message: "Only the story's leads and the reporter who logged this source can see how to reach them." });
  }
  await recordSensitiveRead(db(), { kind: "reveal", storyId: access.storyId, actorId: user.id, entityType: "source", entityId: source.id, field: "contact" });
  return source.contact ? open(source.id, "contact", source.contact) : null;
}

/** How to reach each source, for a lead's unredacted dossier (the caller records the export). */
export async function contactsFor(access: StoryAccess, ids: string[]): Promise<Map<string, string>> {
  const rows = ids.length
    ? await db().source.findMany({ where: { storyId: access.storyId, id: { in: ids }, contact: { not: null } }, select: { id: true, contact: true, loggedById: true } })
    : [];
  return new Map(rows.flatMap((row) => (maySeeProtected(access, row.loggedById) ? [[row.id, open(row.id, "contact", row.contact!)] as const] : [])));
}

/**
 * Key ids that seal some source's protected fields but that the configured keys cannot open
 * (after a restore, say, without the keys kept with the backup): one sealed value per key id,
 * opened with its row and field as every reader does.
 */
export async function unreadableSealKeys(client: Tx = db()): Promise<string[]> {
  const samples = await client.$queryRaw<{ key_id: string; id: string; field: Field; value: string }[]>`
    SELECT DISTINCT ON (split_part(f.value, ':', 3)) split_part(f.value, ':', 3) AS key_id, s.id::text, f.field, f.value
      FROM sources s, LATERAL (VALUES ('name', s.name), ('affiliation', s.affiliation), ('contact', s.contact)) AS f(field, value)
     WHERE f.value LIKE 'sdenc:v1:%'
     ORDER BY split_part(f.value, ':', 3)`;
  return samples.filter((sample) => tryOpen(sample.id, sample.field, sample.value) === null).map((sample) => sample.key_id);
}
