import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma, Protection } from "@/lib/generated/prisma/client";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { decryptField, encryptField } from "@/lib/server/crypto/fields";
import { writeWithRevision } from "@/lib/server/ledger";
import { notifyMentions } from "@/lib/server/notifications/mentions";
import { pageArgs, pageOf, type Page } from "@/lib/server/paging";
import { parseInput } from "@/lib/validations/parse";
import { createSourceSchema, updateSourceSchema, type CreateSourceInput, type UpdateSourceInput } from "@/lib/validations/sources";
import type { SourceFilters } from "@/lib/validations/workspace";

// Sources and their protection. Contact details are always encrypted; a confidential
// source's name and affiliation are too. Only the story's leads and the reporter who logged
// the source see them; everyone else gets the source's stable alias. See ARCHITECTURE.md.

export type SourceRow = Prisma.SourceGetPayload<{ include: { loggedBy: { select: { name: true } } } }>;

export type SourceView = {
  id: string;
  version: number;
  /** What this user may call the source: its name, or its alias when the identity is hidden. */
  displayName: string;
  /** null when hidden from this user. */
  name: string | null;
  affiliation: string | null;
  identityHidden: boolean;
  /** May this user see (and change) the protected fields? */
  canSeeProtected: boolean;
  hasContact: boolean;
  kind: SourceRow["kind"];
  link: string;
  notes: RichTextDoc;
  reliability: SourceRow["reliability"];
  protection: Protection;
  alias: string | null;
  loggedBy: { id: string; name: string };
  quoteCount: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
};

/** The AAD of a source's encrypted field: a ciphertext only opens for its own row and field. */
export const sourceFieldContext = (sourceId: string, field: "name" | "affiliation" | "contact") => `source:${sourceId}:${field}`;
const context = sourceFieldContext;

/** Leads of the story (as members, not admins passing by) and whoever logged the source. */
export function maySeeProtected(access: StoryAccess, loggedById: string): boolean {
  if (access.redact) return false;
  return (access.isMember && access.role === "lead") || loggedById === access.user.id;
}

/** A stored row as this reader may see it (also used for rows rebuilt from the ledger). */
export function present(row: SourceRow, access: StoryAccess, quoteCount: number): SourceView {
  const canSeeProtected = maySeeProtected(access, row.loggedById);
  const confidential = row.protection === "confidential";
  const identityHidden = confidential && !canSeeProtected;
  const name = identityHidden ? null : confidential ? decryptField(row.name, context(row.id, "name")) : row.name;
  const affiliation = identityHidden
    ? null
    : confidential && row.affiliation
      ? decryptField(row.affiliation, context(row.id, "affiliation"))
      : row.affiliation;
  return {
    id: row.id,
    version: row.version,
    displayName: name ?? row.alias ?? "Confidential source",
    name,
    affiliation,
    identityHidden,
    canSeeProtected,
    hasContact: row.contact !== null,
    kind: row.kind,
    link: row.link,
    notes: row.notes as RichTextDoc,
    reliability: row.reliability,
    protection: row.protection,
    alias: row.alias,
    loggedBy: { id: row.loggedById, name: row.loggedBy.name },
    quoteCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
  };
}

/** How a source is named to every member of the story (a notification's title): never a confidential name. */
export const publicSourceLabel = (view: Pick<SourceView, "protection" | "alias" | "displayName">) =>
  view.protection === "confidential" ? (view.alias ?? "Confidential source") : view.displayName;

/** Notifies members newly @mentioned in a source's notes (inside the write's transaction). */
async function notifyNoteMentions(tx: Tx, access: StoryAccess, view: SourceView, before: RichTextDoc | null) {
  await notifyMentions(tx, {
    storyId: access.storyId,
    actorId: access.user.id,
    entityType: "source",
    entityId: view.id,
    version: view.version,
    where: "notes",
    entryLabel: publicSourceLabel(view),
    before,
    after: view.notes,
  });
}

async function nextAlias(tx: Tx, storyId: string): Promise<string> {
  const taken = await tx.source.count({ where: { storyId, alias: { not: null } } });
  let n = taken;
  let letters = "";
  do {
    letters = String.fromCharCode(65 + (n % 26)) + letters;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `Confidential source ${letters}`;
}

/** The stored (possibly encrypted) form of the identity fields for a protection level. */
function storedIdentity(sourceId: string, protection: Protection, name: string, affiliation: string) {
  if (protection !== "confidential") return { name, affiliation };
  return {
    name: encryptField(name, context(sourceId, "name")),
    affiliation: affiliation ? encryptField(affiliation, context(sourceId, "affiliation")) : "",
  };
}

async function loadView(tx: Tx, access: StoryAccess, sourceId: string): Promise<SourceView> {
  const row = await tx.source.findFirstOrThrow({ where: { id: sourceId, storyId: access.storyId }, include: { loggedBy: { select: { name: true } } } });
  const quotes = await tx.quote.count({ where: { speakerId: sourceId, deletedAt: null } });
  return present(row, access, quotes);
}

export async function createSource(user: SessionUser, raw: CreateSourceInput): Promise<SourceView> {
  const input = parseInput(createSourceSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const id = randomUUID();
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    await tx.source.create({
      data: {
        id,
        storyId: access.storyId,
        ...storedIdentity(id, input.protection, input.name, input.affiliation),
        kind: input.kind,
        link: input.link,
        notes: input.notes,
        reliability: input.reliability,
        protection: input.protection,
        contact: input.contact ? encryptField(input.contact, context(id, "contact")) : null,
        alias: input.protection === "confidential" ? await nextAlias(tx, access.storyId) : null,
        loggedById: user.id,
      },
    });
    const view = await loadView(tx, access, id);
    await notifyNoteMentions(tx, access, view, null);
    return view;
  });
}

/**
 * Edits a source. Protected fields left undefined stay as they are; a member who may not see
 * them cannot change them, nor lower a confidential source's protection.
 */
export async function updateSource(user: SessionUser, raw: UpdateSourceInput): Promise<SourceView> {
  const input = parseInput(updateSourceSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const current = await tx.source.findFirst({ where: { id: input.sourceId, storyId: access.storyId } });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.version !== input.version) throw new AppError("CONFLICT", { latest: await loadView(tx, access, current.id) });
    if (current.deletedAt) throw new AppError("CONFLICT", { message: "This source was deleted meanwhile. Restore it to edit it." });

    const permitted = maySeeProtected(access, current.loggedById);
    const wasConfidential = current.protection === "confidential";
    const willBeConfidential = input.protection === "confidential";
    if (!permitted) {
      const touchesIdentity = wasConfidential && (input.name !== undefined || input.affiliation !== undefined);
      if (input.contact !== undefined || touchesIdentity || (wasConfidential && !willBeConfidential)) {
        throw new AppError("FORBIDDEN", {
          message: "Only the story's leads and the reporter who logged this source can change its protected details.",
        });
      }
    }

    // Re-encrypt only what changed: ciphertexts are randomized, and an unchanged field must
    // not show up as a change in the ledger. (Unpermitted members never get here with a
    // change to a confidential identity: refused above.)
    let identity: { name?: string; affiliation?: string } = {};
    if (permitted || !wasConfidential) {
      const oldName = wasConfidential ? decryptField(current.name, context(current.id, "name")) : current.name;
      const oldAffiliation =
        wasConfidential && current.affiliation ? decryptField(current.affiliation, context(current.id, "affiliation")) : current.affiliation;
      const name = input.name ?? oldName;
      const affiliation = input.affiliation ?? oldAffiliation;
      if (wasConfidential !== willBeConfidential || name !== oldName || affiliation !== oldAffiliation) {
        identity = storedIdentity(current.id, input.protection, name, affiliation);
      }
    }

    let contact: { contact?: string | null } = {};
    if (input.contact !== undefined) {
      const oldContact = current.contact ? decryptField(current.contact, context(current.id, "contact")) : "";
      if (input.contact !== oldContact) {
        contact = { contact: input.contact ? encryptField(input.contact, context(current.id, "contact")) : null };
      }
    }

    const changes: Prisma.SourceUpdateInput = {
      ...identity,
      ...contact,
      ...(input.kind !== current.kind ? { kind: input.kind } : {}),
      ...(input.link !== current.link ? { link: input.link } : {}),
      ...(JSON.stringify(input.notes) !== JSON.stringify(current.notes) ? { notes: input.notes } : {}),
      ...(input.reliability !== current.reliability ? { reliability: input.reliability } : {}),
      ...(input.protection !== current.protection ? { protection: input.protection } : {}),
      ...(willBeConfidential && !current.alias ? { alias: await nextAlias(tx, access.storyId) } : {}),
    };
    if (Object.keys(changes).length > 0) {
      await tx.source.update({ where: { id: current.id, version: input.version }, data: { ...changes, version: { increment: 1 } } });
    }
    const view = await loadView(tx, access, current.id);
    if (changes.notes !== undefined) await notifyNoteMentions(tx, access, view, current.notes as RichTextDoc);
    return view;
  });
}

/** Shows a source's contact details to a permitted member, and records that they did. */
export async function listSources(user: SessionUser, storyId: string, filters: SourceFilters): Promise<Page<SourceView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  const where: Prisma.SourceWhereInput = {
    storyId: access.storyId,
    deletedAt: filters.deleted ? { not: null } : null,
    ...(filters.focus ? { id: filters.focus } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.reliability ? { reliability: filters.reliability } : {}),
    ...(filters.protection ? { protection: filters.protection } : {}),
    ...(filters.q
      ? {
          OR: [
            // Encrypted names cannot be searched; a confidential source is found by its alias.
            { protection: { not: "confidential" }, name: { contains: filters.q, mode: "insensitive" } },
            { protection: { not: "confidential" }, affiliation: { contains: filters.q, mode: "insensitive" } },
            { alias: { contains: filters.q, mode: "insensitive" } },
          ],
        }
      : {}),
  };
  const orderBy: Prisma.SourceOrderByWithRelationInput[] =
    filters.sort === "name" ? [{ name: "asc" }] : filters.sort === "reliability" ? [{ reliability: "desc" }, { createdAt: "desc" }] : [{ createdAt: "desc" }];
  const [total, rows] = await Promise.all([
    db().source.count({ where }),
    db().source.findMany({
      where,
      orderBy,
      ...pageArgs(filters.page),
      include: { loggedBy: { select: { name: true } } },
    }),
  ]);
  const counts = await db().quote.groupBy({
    by: ["speakerId"],
    where: { speakerId: { in: rows.map((row) => row.id) }, deletedAt: null },
    _count: { _all: true },
  });
  const quoteCounts = new Map(counts.map((count) => [count.speakerId, count._count._all]));
  const items = rows.map((row) => present(row, access, quoteCounts.get(row.id) ?? 0));
  // Sorting by name happens on stored values; put what this user sees in order.
  if (filters.sort === "name") items.sort((a, b) => a.displayName.localeCompare(b.displayName));
  return pageOf(items, total, filters.page);
}

export type SourceOption = { id: string; label: string; deleted: boolean };

/**
 * Every source of the story as this user may name it: for speaker and link pickers. Inside a
 * write, pass its transaction: a second pooled connection while holding the chain lock can
 * starve the pool under many concurrent writers.
 */
export async function sourceOptions(access: StoryAccess, ids?: string[], client: Tx = db()): Promise<SourceOption[]> {
  const rows = await client.source.findMany({
    where: { storyId: access.storyId, ...(ids ? { id: { in: ids } } : { deletedAt: null }) },
    select: { id: true, name: true, protection: true, alias: true, loggedById: true, deletedAt: true },
    orderBy: { createdAt: "asc" },
  });
  return rows
    .map((row) => {
      const hidden = row.protection === "confidential" && !maySeeProtected(access, row.loggedById);
      const label = hidden ? (row.alias ?? "Confidential source") : row.protection === "confidential" ? decryptField(row.name, context(row.id, "name")) : row.name;
      return { id: row.id, label, deleted: row.deletedAt !== null };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
}
