import "server-only";
import { Prisma, type Source } from "@/lib/generated/prisma/client";
import { EMPTY_DOC, type RichTextDoc } from "@/lib/rich-text";
import type { StoryAccess } from "@/lib/server/access";
import { jsonRows, readAlone, type Fragment } from "@/lib/server/read-together";
import { assertMayRestoreSource, isLead, mayRestoreSource, restorableSource, searchCandidates, sourceMentionTexts, sourceOptions } from "@/lib/server/sources/protection";
import { PROTECTION_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS } from "@/lib/validations/sources";
import { rowFromSnapshot, str } from "./snapshot";
import type { EntryModule, PresentContext } from "./types";

// Sources: who the desk knows things from. What a reader may see of one is the protection
// lens's to say (lib/server/sources/protection.ts); this module only lays it out.

export type SourceView = {
  id: string;
  version: number;
  /** What this user may call the source: its name, or its alias when the identity is hidden. */
  displayName: string;
  /** null when hidden from this user (or burned). */
  name: string | null;
  affiliation: string | null;
  identityHidden: boolean;
  /** May this user see (and change) the protected fields? */
  canSeeProtected: boolean;
  /** May this user lower its protection or burn it? (A story lead.) */
  canManageProtection: boolean;
  /** Set once burned: its identity is destroyed, for everyone. */
  burned: { at: Date | null; by: string | null } | null;
  hasContact: boolean;
  kind: Source["kind"];
  /** "" when hidden. */
  link: string;
  /** Empty when hidden. */
  notes: RichTextDoc;
  reliability: Source["reliability"];
  protection: Source["protection"];
  alias: string | null;
  loggedBy: { id: string; name: string };
  quoteCount: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
};

/** Live quotes by speaker, now or as of a position in the chain: a fragment of the statement that reads a page's names. */
function quoteCounts(access: StoryAccess, ids: string[], { asOfSeq }: Pick<PresentContext, "asOfSeq">): Fragment<Map<string, number>> {
  const rows =
    asOfSeq === undefined
      ? Prisma.sql`
          SELECT speaker_id::text, count(*)::int AS quotes FROM quotes
           WHERE story_id = ${access.storyId}::uuid AND deleted_at IS NULL AND speaker_id = ANY(${ids}::uuid[])
           GROUP BY 1`
      : Prisma.sql`
          SELECT r.snapshot ->> 'speaker_id' AS speaker_id, count(*)::int AS quotes
            FROM quotes q
            CROSS JOIN LATERAL (
              SELECT snapshot FROM revisions WHERE entity_id = q.id AND seq <= ${asOfSeq} AND chain = ${access.storyId}
               ORDER BY seq DESC LIMIT 1
            ) r
           WHERE q.story_id = ${access.storyId}::uuid AND (r.snapshot ->> 'deleted_at') IS NULL
             AND r.snapshot ->> 'speaker_id' = ANY (${ids}::text[])
           GROUP BY 1`;
  return {
    name: "quote_counts",
    sql: jsonRows(rows),
    parse: (value) => new Map((value as { speaker_id: string; quotes: number }[]).map((row) => [row.speaker_id, row.quotes])),
  };
}

export const sourceKind: EntryModule<SourceView, "source"> = {
  kind: "source",
  fields: [
    { key: "name", label: "Name", type: "identity", shape: "text" },
    { key: "kind", label: "Kind", type: "enum", labels: SOURCE_KIND_LABELS },
    { key: "affiliation", label: "Affiliation", type: "identity", shape: "text" },
    { key: "protection", label: "Protection", type: "enum", labels: PROTECTION_LABELS },
    { key: "alias", label: "Alias", type: "text" },
    { key: "reliability", label: "Reliability", type: "enum", labels: RELIABILITY_LABELS },
    { key: "link", label: "Link", type: "identity", shape: "link" },
    { key: "contact", label: "Contact details", type: "secret" },
    { key: "notes", label: "Notes", type: "identity", shape: "rich" },
    { key: "burned_at", label: "Burned", type: "moment", precisionKey: "", restore: false },
    { key: "burned_by_id", label: "Burned by", type: "user", restore: false },
  ],
  titleColumn: "name",
  people: ["logged_by_id"],
  mentions: { column: "notes", place: "notes", texts: sourceMentionTexts },
  orders: {
    recent: { label: "Newest first", keys: [{ column: "created_at", direction: "desc" }] },
    // By the name each reader sees (sealed names cannot be sorted in SQL): through the lens.
    name: { label: "Name", keys: [{ column: "created_at" }], byLabel: true },
    reliability: {
      label: "Most reliable first",
      keys: [
        { column: "reliability", ranks: ["high", "medium", "low", "unassessed"] },
        { column: "created_at", direction: "desc" },
      ],
    },
  },
  // Sealed: no SQL search. Every search goes through the lens, as the reader may name the source;
  // the lens's keyed index narrows the live panel's rows to the candidates first.
  search: { matches: (snapshot, q, names) => names.sourceMatches(snapshot, q), candidates: searchCandidates },
  label: (snapshot, names) => names.sourceLabel(snapshot),
  describe: (view) => view.displayName,
  options: (access) => sourceOptions(access),
  mayRestore: (access, revisions) => mayRestoreSource(access, str(revisions.at(-1)?.logged_by_id), revisions),
  assertMayRestore: assertMayRestoreSource,
  restorable: restorableSource,

  counts: quoteCounts,

  async present(access, snapshots, context) {
    const ids = snapshots.map((snapshot) => str(snapshot.id));
    const counts = context.counts ?? (ids.length ? await readAlone(quoteCounts(access, ids, context), context.client) : new Map<string, number>());
    return snapshots.map((snapshot): SourceView => {
      const row = rowFromSnapshot<Source>(snapshot);
      const identity = context.names.sourceIdentity(snapshot);
      return {
        id: row.id,
        version: row.version,
        displayName: identity.displayName,
        name: identity.name,
        affiliation: identity.affiliation,
        identityHidden: identity.identityHidden,
        canSeeProtected: identity.canSeeProtected,
        canManageProtection: isLead(access) && !identity.burned,
        burned: identity.burned,
        hasContact: row.contact !== null,
        kind: row.kind,
        link: identity.link ?? "",
        notes: identity.notes ?? EMPTY_DOC,
        reliability: row.reliability,
        protection: row.protection,
        alias: row.alias,
        loggedBy: { id: row.loggedById, name: context.names.user(row.loggedById) },
        quoteCount: counts.get(row.id) ?? 0,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        deletedAt: row.deletedAt,
      };
    });
  },
};
