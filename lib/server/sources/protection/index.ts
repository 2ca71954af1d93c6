import "server-only";
import { cache } from "react";
import { db, type Tx } from "@/lib/db";
import { alone, jsonRows, type Fragment, type Read } from "@/lib/server/read-together";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RichTextDoc } from "@/lib/rich-text";
import type { StoryAccess } from "@/lib/server/access";
import { RequestKeys, knownKeysOf, loadSourceKeys, readSourceKeys, type KeyState, type KnownKeys, type SourceKeys } from "./keyring";
import { notesDoc, openValue, type IdentityField } from "./open";
import { BURNED_SOURCE, CONFIDENTIAL_SOURCE, burnedLabel, maySeeProtected } from "./rule";
import { speakerCandidates } from "./search-index";
import { attributionWords } from "@/lib/evidence/speakers";

// THE source-protection lens: the only code that opens (decrypts) or seals (encrypts) a source's
// identity, names its alias or says it was burned. Every reader path — panels, pickers, labels,
// history, as of and every search, compare, comments, notifications, the dossier, the API — asks
// here; writes seal through ./seal.ts. Every source's identity (name, affiliation, link, notes,
// contact) is sealed with its own data key whatever its protection (see
// lib/server/crypto/ARCHITECTURE.md); the rule (./rule.ts) decides who may have it opened.

export { BURNED_SOURCE, CONFIDENTIAL_SOURCE, aliasOf, isLead, lowers, maySeeProtected } from "./rule";
export type { IdentityField } from "./open";
export type { KnownKeys } from "./keyring";
export { keyRowsSql, knownKeysOf } from "./keyring";

/** A source's columns as stored (a row now, or a revision's snapshot). */
export type StoredSource = {
  id: string;
  name: unknown;
  affiliation: unknown;
  link: unknown;
  notes: unknown;
  protection: string;
  alias: string | null;
  loggedById: string;
  burnedAt: unknown;
};

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** A snapshot (keyed by column) as the lens reads it. */
export const storedOf = (snapshot: Record<string, unknown>): StoredSource => ({
  id: text(snapshot.id),
  name: snapshot.name,
  affiliation: snapshot.affiliation,
  link: snapshot.link,
  notes: snapshot.notes,
  protection: text(snapshot.protection),
  alias: typeof snapshot.alias === "string" ? snapshot.alias : null,
  loggedById: text(snapshot.logged_by_id),
  burnedAt: snapshot.burned_at ?? null,
});

export type SourceIdentity = {
  /** The name; the alias when the identity is hidden from this reader; the burned label once burned. */
  displayName: string;
  /** null when hidden, burned or unreadable. */
  name: string | null;
  affiliation: string | null;
  link: string | null;
  notes: RichTextDoc | null;
  identityHidden: boolean;
  canSeeProtected: boolean;
  /** Set once the source's key was destroyed: nobody can read its identity any more. */
  burned: { at: Date | null; by: string | null } | null;
};

type Verdict = { kind: "burned"; burned: { at: Date | null; by: string | null } } | { kind: "hidden" } | { kind: "open" };

/**
 * A reader's view of a set of sources: the rule, then their keys. `identity(then, now)`: what
 * this reader may know of a source as stored at some moment (`then`: a revision, or now) —
 * hidden (its alias) if it is confidential then *or now* and the reader may not see it; gone
 * if it was burned; opened otherwise. A hidden identity is never opened, so nothing about it
 * (not even the time it takes) depends on what it says.
 */
export class SourceLens {
  /**
   * What this lens opened, by source, field and sealed value: a page names a speaker once per
   * quote, and each opening is an AES-GCM decipher (~30 µs). One reader's one request only —
   * the lens is made per request and nothing opened outlives it.
   */
  private readonly opened = new Map<string, string | null>();

  private constructor(
    readonly access: StoryAccess,
    private readonly keys: SourceKeys,
  ) {}

  /** The lens for these sources (their keys in one query; none for the keys `known` holds). Inside a write, pass its transaction. */
  static async load(access: StoryAccess, sourceIds: Iterable<string>, client: Tx = db(), known?: KnownKeys): Promise<SourceLens> {
    return new SourceLens(access, await loadSourceKeys(sourceIds, client, known));
  }

  /**
   * An empty lens for one request's several readers of the same story (a dossier: its entries and
   * its change log), each adding its sources (include): a source's key is read and unwrapped, and
   * each of its values opened, once for the request. Made per call and dropped with it — never
   * kept across requests (a burn must hold at once), never shared between readers with different access.
   */
  static forRequest(access: StoryAccess): SourceLens {
    return new SourceLens(access, new RequestKeys());
  }

  /** Adds these sources' keys to a lens made forRequest (those read already for it, or under way, are not read again). */
  async include(sourceIds: Iterable<string>, client: Tx = db(), known?: KnownKeys): Promise<void> {
    if (!(this.keys instanceof RequestKeys)) throw new Error("Only a lens made forRequest takes more sources.");
    await this.keys.include(sourceIds, client, known);
  }

  /** Does this lens read for this access? The same reader, story, role on it, membership and redaction: all the rule decides by. */
  serves(access: StoryAccess): boolean {
    return readerOf(this.access) === readerOf(access);
  }

  keyOf(sourceId: string): KeyState {
    return this.keys.get(sourceId);
  }

  private verdict(then: StoredSource, now: StoredSource): { verdict: Verdict; canSeeProtected: boolean } {
    const canSeeProtected = maySeeProtected(this.access, then.loggedById || now.loggedById);
    const key = this.keys.get(then.id);
    if (key.state === "burned") return { verdict: { kind: "burned", burned: { at: key.at, by: key.by } }, canSeeProtected };
    if (now.burnedAt || then.burnedAt) return { verdict: { kind: "burned", burned: { at: null, by: null } }, canSeeProtected };
    const hidden = !canSeeProtected && (then.protection === "confidential" || now.protection === "confidential");
    return { verdict: hidden ? { kind: "hidden" } : { kind: "open" }, canSeeProtected };
  }

  private open(source: StoredSource, field: Exclude<IdentityField, "contact">): string | null {
    const value = source[field];
    if (typeof value !== "string") return openValue(this.keys.get(source.id), source.id, field, value);
    const key = `${source.id}\n${field}\n${value}`;
    let opened = this.opened.get(key);
    if (opened === undefined) {
      opened = openValue(this.keys.get(source.id), source.id, field, value);
      this.opened.set(key, opened);
    }
    return opened;
  }

  /** Only the name this reader may call the source (a picker, a label): opens the name alone. */
  label(then: StoredSource, now: StoredSource = then): string {
    const { verdict } = this.verdict(then, now);
    if (verdict.kind === "burned") return burnedLabel(verdict.burned);
    if (verdict.kind === "hidden") return now.alias ?? then.alias ?? CONFIDENTIAL_SOURCE;
    return this.open(then, "name") || then.alias || unreadableName(then);
  }

  identity(then: StoredSource, now: StoredSource = then): SourceIdentity {
    const { verdict, canSeeProtected } = this.verdict(then, now);
    const none = { name: null, affiliation: null, link: null, notes: null, canSeeProtected };
    if (verdict.kind === "burned") return { ...none, displayName: burnedLabel(verdict.burned), identityHidden: true, burned: verdict.burned };
    if (verdict.kind === "hidden") return { ...none, displayName: now.alias ?? then.alias ?? CONFIDENTIAL_SOURCE, identityHidden: true, burned: null };
    const name = this.open(then, "name");
    return {
      displayName: name || then.alias || unreadableName(then),
      name,
      affiliation: this.open(then, "affiliation"),
      link: this.open(then, "link"),
      notes: notesDoc(this.open(then, "notes")),
      identityHidden: false,
      canSeeProtected,
      burned: null,
    };
  }

  /**
   * Does a search match this source as this reader sees it? The words against its name and
   * affiliation when they may see them; against its alias (or burned label) otherwise — so a
   * hidden identity can never be found, counted or ordered by what it says.
   */
  matches(then: StoredSource, now: StoredSource, q: string): boolean {
    const words = q.trim().toLowerCase();
    if (!words) return true;
    const { verdict } = this.verdict(then, now);
    const candidates = verdict.kind === "open" ? [this.label(then, now), this.open(then, "affiliation")] : [this.label(then, now)];
    return candidates.some((candidate) => candidate !== null && candidate.toLowerCase().includes(words));
  }
}

/** What the rule reads of an access, as one key: two accesses with the same key see the same identities. */
const readerOf = (access: StoryAccess) => [access.user.id, access.user.role, access.storyId, access.role, access.isMember, Boolean(access.redact)].join("\n");

/** This server render's lenses by reader (React's cache: one map per render; outside a render, a new one at every call). */
const renderLenses = cache(() => new Map<string, SourceLens>());

/**
 * The protection lens of this server render for this reader (SourceLens.forRequest): a page's
 * readers of the story — the quotes panel's rows and its Speaker filter — read each source's key,
 * unwrap it and open its name once. Held by React's cache of the render, so it is dropped with the
 * render (a burn holds on the next page view); outside a render (a route handler, an action, a
 * test) every call makes a new one, so nothing is shared there. Never shared between readers:
 * one lens per reader (readerOf), and a shared lens refuses another (EntryNames.load: serves).
 */
export function renderLens(access: StoryAccess): SourceLens {
  const lenses = renderLenses();
  const reader = readerOf(access);
  let lens = lenses.get(reader);
  if (!lens) lenses.set(reader, (lens = SourceLens.forRequest(access)));
  return lens;
}

const unreadableName = (source: StoredSource) => (source.burnedAt ? BURNED_SOURCE : "Source (cannot be decrypted with the current keys)");

// ---------------------------------------------------------------------------------------------
// Pickers and labels

export type SourceOption = { id: string; label: string; deleted: boolean };

const LABELLED = { id: true, name: true, protection: true, alias: true, loggedById: true, burnedAt: true, deletedAt: true } as const;

/**
 * Every live source of the story (or the given ones, deleted too) as this reader may name it,
 * by name: speaker and link pickers, and the labels of linked sources. Inside a write, pass its
 * transaction: a second pooled connection while holding the chain lock can starve the pool.
 */
export async function sourceOptions(access: StoryAccess, ids?: string[], client: Tx = db()): Promise<SourceOption[]> {
  // A label opens the name alone: the other sealed fields are not even read.
  // Given ids, their keys are read beside the rows (kept for the rows the story has).
  const [rows, keys] = await Promise.all([
    client.source.findMany({
      where: { storyId: access.storyId, ...(ids ? { id: { in: ids } } : { deletedAt: null }) },
      select: LABELLED,
      orderBy: { createdAt: "asc" },
    }),
    ids ? readSourceKeys(ids, client) : undefined,
  ]);
  const found = rows.map((row) => row.id);
  return labelled(access, rows, await SourceLens.load(access, found, client, keys && knownKeysOf(keys, found)));
}

type LabelledRow = { id: string; name: string; protection: string; alias: string | null; loggedById: string; burnedAt: Date | null; deletedAt: Date | null };

/** Rows as options: each named through the lens (the name alone is opened), by name. */
function labelled(access: StoryAccess, rows: LabelledRow[], lens: SourceLens): SourceOption[] {
  return rows
    .map((row) => ({ id: row.id, label: lens.label({ ...row, affiliation: null, link: null, notes: null }), deleted: row.deletedAt !== null }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** How many of the story's newest sources a speaker picker lists before it is searched. */
export const RECENT_SOURCES = 20;

type RecentRow = Omit<LabelledRow, "burnedAt" | "deletedAt"> & { burnedAt: string | null; deletedAt: string | null; key_id: string | null; key_version: number; wrapped_key: string | null; key_burned_at: string | null; burned_by: string | null };

/** The rows recentSourceOptions names, with their keys: a fragment of the statement being composed (a panel's names), or alone. */
function recentSourceRows(access: StoryAccess, ids: string[]): Fragment<RecentRow[]> {
  const rows = Prisma.sql`
    SELECT t.id::text AS id, t.name, t.protection::text AS protection, t.alias, t.logged_by_id::text AS "loggedById", t.burned_at AS "burnedAt", t.deleted_at AS "deletedAt",
           t.created_at, k.source_id::text AS key_id, k.key_version, k.wrapped_key, k.burned_at AS key_burned_at, u.name AS burned_by
      FROM sources t
      LEFT JOIN source_keys k ON k.source_id = t.id
      LEFT JOIN users u ON u.id = t.burned_by_id
     WHERE t.story_id = ${access.storyId}::uuid
       AND (t.id = ANY(${ids}::uuid[]) OR t.id IN (
         SELECT r.id FROM sources r WHERE r.story_id = ${access.storyId}::uuid AND r.deleted_at IS NULL ORDER BY r.created_at DESC, r.id DESC LIMIT ${RECENT_SOURCES}))`;
  return { name: "recent_sources", sql: jsonRows(rows, Prisma.sql`r.created_at`), parse: (value) => value as RecentRow[] };
}

/**
 * A picker's first choices (issue 16): the story's newest `RECENT_SOURCES` live sources plus
 * those of `ids` (an entry's current speaker, deleted or not), named through the lens. The
 * rest are found by searching (`findSources`), so no page carries a story's whole list.
 * `read`: the statement being composed that the rows join (the quotes panel's names), else one of their own.
 */
export async function recentSourceOptions(access: StoryAccess, ids: string[] = [], client?: Tx, read?: Read): Promise<SourceOption[]> {
  // One fragment: the rows (the newest live ones, and those asked for, deleted too) with their keys.
  const stored = await (read ?? alone(client ?? db()))(recentSourceRows(access, ids));
  const rows = stored.map((row): LabelledRow => ({ ...row, burnedAt: row.burnedAt === null ? null : new Date(row.burnedAt), deletedAt: row.deletedAt === null ? null : new Date(row.deletedAt) }));
  const keys = stored.flatMap((row) => (row.key_id ? [{ source_id: row.key_id, key_version: row.key_version, wrapped_key: row.wrapped_key, burned_at: row.key_burned_at, burned_by: row.burned_by }] : []));
  const found = rows.map((row) => row.id);
  const known = { sourceIds: found, rows: keys };
  // Outside a transaction, the render's lens: a source the page names elsewhere too (a quote's speaker) is opened once.
  if (client) return labelled(access, rows, await SourceLens.load(access, found, client, known));
  const lens = renderLens(access);
  await lens.include(found, db(), known);
  return labelled(access, rows, lens);
}

export { assertMayLower, assertMayRestoreSource, burnChanges, mayRestoreSource, restorableSource, sealForBulkInsert, sealNewSource, sealedChanges, sourceMentionTexts } from "./seal";
export { contactsFor, revealContact } from "./contact";
/**
 * The live sources these attributions may name (lib/evidence/speakers.ts' findSpeaker), as this
 * reader may name them: the keyed index leaves out, unopened, every source whose name holds none
 * of their words (the evidence viewer of a story with a thousand sources opens a handful).
 */
export async function speakerOptions(access: StoryAccess, attributions: readonly string[]): Promise<SourceOption[]> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT t.id::text FROM sources t
     WHERE t.story_id = ${access.storyId}::uuid AND t.deleted_at IS NULL AND ${speakerCandidates(access, attributionWords(attributions))}`;
  return rows.length ? sourceOptions(access, rows.map((row) => row.id)) : [];
}

export { indexSource, rebuildSearchIndex, searchCandidates, searchIndexCensus, searchTokensForBulkInsert, type IndexCensus } from "./search-index";
export { legacyIdentityRevisions, sealLegacySources, sourceKeysOverview, unreadableSealKeys, type LegacyRevision, type SourceKeysOverview } from "./legacy";
