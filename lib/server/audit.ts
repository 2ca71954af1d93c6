import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { SYSTEM_ACTOR_ID, verifyLedgerChain, type ChainVerification } from "@/lib/server/ledger";
import { pageArgs, pageOf, type Page } from "@/lib/server/paging";
import { parseInput } from "@/lib/validations/parse";
import {
  SENSITIVE_FIELD_LABELS,
  chainId,
  sensitiveReadFiltersSchema,
  type SensitiveReadFilters,
  type SensitiveReadKind,
} from "@/lib/validations/audit";

// Oversight: the ledger's chain heads and their verification (admins), and the record of who
// was shown protected details or exported a dossier (admins; a story's leads for their story).
// The sensitive-read record names entries by labels that reveal nothing: it is read by people
// who may not see the protected fields themselves.

export function assertAdmin(user: SessionUser): void {
  if (user.role !== "admin") throw new AppError("FORBIDDEN");
}

// ---------------------------------------------------------------------------------------------
// Chains

export type ChainHead = {
  chain: string;
  /** null for the desk chain (accounts). */
  story: { id: string; title: string; slug: string; deleted: boolean } | null;
  /** Number of the last revision in the chain (0: the chain is missing). */
  seq: number;
  /** Empty when the chain is missing: a story without a ledger, or one only a checkpoint names. */
  headHash: string;
  updatedAt: Date | null;
  /** The latest signed checkpoint kept for it. */
  checkpoint: { seq: number; signedAt: Date } | null;
};

/**
 * Every chain's head: the desk chain first, then stories by title — and, so that a deleted
 * ledger shows, stories without a chain and chains only a checkpoint still names.
 */
export async function listChainHeads(user: SessionUser): Promise<ChainHead[]> {
  assertAdmin(user);
  const [chains, orphans, checkpoints] = await Promise.all([
    db().revisionChain.findMany({ select: { chain: true, storyId: true, seq: true, headHash: true, updatedAt: true } }),
    db().$queryRaw<{ chain: string }[]>`
      SELECT id::text AS chain FROM stories s WHERE NOT EXISTS (SELECT 1 FROM revision_chains c WHERE c.chain = s.id::text)
      UNION SELECT DISTINCT chain FROM ledger_checkpoints k WHERE NOT EXISTS (SELECT 1 FROM revision_chains c WHERE c.chain = k.chain)`,
    db().$queryRaw<{ chain: string; seq: bigint; signed_at: Date }[]>`
      SELECT DISTINCT ON (chain) chain, seq, signed_at FROM ledger_checkpoints ORDER BY chain, seq DESC, id DESC`,
  ]);
  const rows = [
    ...chains.map((chain) => ({ ...chain, missing: false })),
    ...orphans.map(({ chain }) => ({ chain, storyId: chain, seq: 0n, headHash: "", updatedAt: null, missing: true })),
  ];
  const storyIds = rows.flatMap((row) => (row.storyId ? [row.storyId] : []));
  const stories = await db().story.findMany({
    where: { id: { in: storyIds } },
    select: { id: true, title: true, slug: true, deletedAt: true },
  });
  const storyById = new Map(stories.map((story) => [story.id, story]));
  const checkpointOf = new Map(checkpoints.map((row) => [row.chain, { seq: Number(row.seq), signedAt: row.signed_at }]));
  const heads = rows.map((row): ChainHead => {
    const story = row.storyId ? storyById.get(row.storyId) : undefined;
    return {
      chain: row.chain,
      story: story ? { id: story.id, title: story.title, slug: story.slug, deleted: story.deletedAt !== null } : null,
      seq: Number(row.seq),
      headHash: row.headHash,
      updatedAt: row.updatedAt,
      checkpoint: checkpointOf.get(row.chain) ?? null,
    };
  });
  const rank = (head: ChainHead) => (head.chain === "desk" ? 0 : head.story ? 1 : 2);
  return heads.sort((a, b) => rank(a) - rank(b) || (a.story?.title ?? a.chain).localeCompare(b.story?.title ?? b.chain));
}

/** A chain the ledger, a story or a checkpoint knows (a deleted ledger must still be checkable). */
export async function knownChain(chain: string): Promise<string> {
  const parsed = chainId.safeParse(chain);
  if (!parsed.success) throw new AppError("NOT_FOUND");
  const [row] = await db().$queryRaw<{ known: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM revision_chains WHERE chain = ${parsed.data})
        OR EXISTS (SELECT 1 FROM stories WHERE id::text = ${parsed.data})
        OR EXISTS (SELECT 1 FROM ledger_checkpoints WHERE chain = ${parsed.data}) AS known`;
  if (!row?.known) throw new AppError("NOT_FOUND");
  return parsed.data;
}

/**
 * Verifies one chain with every step: its links, its signed checkpoints, its story, and each
 * live entry against its latest revision. Anything but "desk" or a known chain is NOT_FOUND.
 */
export async function verifyChainFor(user: SessionUser, chain: string): Promise<ChainVerification> {
  assertAdmin(user);
  return verifyLedgerChain(await knownChain(chain));
}

// ---------------------------------------------------------------------------------------------
// Sensitive reads

/** Entry types a reveal can name; each needs a content-free label below. */
export type SensitiveEntityType = "source";

/** What an export asked for (options such as sections or a date range), never content. */
export type ExportDetails = Record<string, string | number | boolean | null | string[]>;

export type SensitiveReadRecord =
  | { kind: "reveal"; storyId: string; actorId: string; entityType: SensitiveEntityType; entityId: string; field: string; details?: undefined }
  | { kind: "export"; storyId: string; actorId: string; details?: ExportDetails; entityType?: undefined; entityId?: undefined; field?: undefined };

/**
 * Records that someone was shown protected details or exported a dossier. Pass the
 * transaction of the read or export when there is one, so the record and the act stand or
 * fall together.
 */
export async function recordSensitiveRead(tx: Tx, record: SensitiveReadRecord): Promise<void> {
  await tx.$executeRaw`INSERT INTO sensitive_reads ${SENSITIVE_READ_COLUMNS} VALUES (${sensitiveReadValues(record)})`;
}

/** The columns a record fills, for an INSERT that writes one beside another statement's rows. */
export const SENSITIVE_READ_COLUMNS = Prisma.sql`(story_id, actor_id, kind, entity_type, entity_id, field, details)`;

/** A record's values, in SENSITIVE_READ_COLUMNS' order. */
export function sensitiveReadValues(record: SensitiveReadRecord): Prisma.Sql {
  return Prisma.sql`${record.storyId}::uuid, ${record.actorId}::uuid, ${record.kind}, ${record.entityType ?? null}, ${record.entityId ?? null}::uuid, ${record.field ?? null}, ${JSON.stringify(record.details ?? {})}::jsonb`;
}

export type SensitiveReadItem = {
  id: string;
  kind: SensitiveReadKind;
  createdAt: Date;
  actorName: string;
  story: { id: string; title: string; deleted: boolean };
  /** The entry, by a label that reveals nothing (a source's alias, or "a source"); null for an export. */
  entry: { type: string; label: string } | null;
  /** What was shown, e.g. "contact details"; null for an export. */
  field: string | null;
  /** An export's options in words ("PDF · internal · as of revision #71 · UNREDACTED"); null for a reveal. */
  exportSummary: string | null;
};

function exportSummaryOf(details: Prisma.JsonValue): string {
  const d = (details && typeof details === "object" && !Array.isArray(details) ? details : {}) as Record<string, unknown>;
  return [
    // A lead's unredacted copy compared with the ledger (Verify a copy) read what an export reads.
    d.purpose === "verify" ? "verified a copy" : null,
    typeof d.format === "string" ? d.format.toUpperCase() : null,
    typeof d.profile === "string" ? d.profile : null,
    typeof d.asOfRevision === "number" ? `as of revision #${d.asOfRevision}` : null,
    d.unredacted === true ? "UNREDACTED" : "redacted",
  ]
    .filter(Boolean)
    .join(" · ");
}

const ENTITY_TYPE_LABELS: Record<SensitiveEntityType, string> = { source: "Source" };

/**
 * Who was shown protected details or exported a dossier, newest first, 50 a page. Admins see
 * every story's (or one story's); a story's leads see their story's. Anyone else: FORBIDDEN
 * or NOT_FOUND, as for the story itself.
 */
export async function listSensitiveReads(user: SessionUser, raw: SensitiveReadFilters): Promise<Page<SensitiveReadItem>> {
  const { storyId, page } = parseInput(sensitiveReadFiltersSchema, raw);
  let where: Prisma.SensitiveReadWhereInput = {};
  if (storyId !== undefined) {
    // An admin may look at any story they can see, whatever their own role on it.
    const access = await storyAccessFor(user, storyId, user.role === "admin" ? "reader" : "lead");
    where = { storyId: access.storyId };
  } else {
    assertAdmin(user);
  }
  const [total, rows] = await Promise.all([
    db().sensitiveRead.count({ where }),
    db().sensitiveRead.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...pageArgs(page) }),
  ]);

  const sourceIds = rows.flatMap((row) => (row.entityType === "source" && row.entityId ? [row.entityId] : []));
  const [actors, stories, sources] = await Promise.all([
    db().user.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.actorId))] } }, select: { id: true, name: true } }),
    db().story.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.storyId))] } }, select: { id: true, title: true, deletedAt: true } }),
    // The alias only: a confidential source's name is never read here, let alone decrypted.
    db().source.findMany({ where: { id: { in: [...new Set(sourceIds)] } }, select: { id: true, alias: true } }),
  ]);
  const actorNames = new Map(actors.map((actor) => [actor.id, actor.name]));
  actorNames.set(SYSTEM_ACTOR_ID, "System");
  const storyById = new Map(stories.map((story) => [story.id, story]));
  const aliases = new Map(sources.map((source) => [source.id, source.alias]));

  const entryOf = (row: (typeof rows)[number]): SensitiveReadItem["entry"] => {
    if (!row.entityType) return null;
    if (row.entityType === "source") {
      return { type: ENTITY_TYPE_LABELS.source, label: (row.entityId && aliases.get(row.entityId)) || "a source" };
    }
    return { type: row.entityType.replaceAll("_", " "), label: "an entry" };
  };

  const items = rows.map((row): SensitiveReadItem => {
    const story = storyById.get(row.storyId);
    return {
      id: row.id.toString(),
      kind: row.kind as SensitiveReadKind,
      createdAt: row.createdAt,
      actorName: actorNames.get(row.actorId) ?? "Former account",
      story: { id: row.storyId, title: story?.title ?? "Unknown story", deleted: story ? story.deletedAt !== null : true },
      entry: entryOf(row),
      field: row.field ? (SENSITIVE_FIELD_LABELS[row.field] ?? row.field.replaceAll("_", " ")) : null,
      exportSummary: row.kind === "export" ? exportSummaryOf(row.details) : null,
    };
  });
  return pageOf(items, total, page);
}
