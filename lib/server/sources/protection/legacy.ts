import "server-only";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SessionUser } from "@/lib/server/access";
import { assertAdmin } from "@/lib/server/audit";
import { openLegacyField } from "@/lib/server/crypto/fields";
import { unwrapDataKey } from "@/lib/server/crypto/keys";
import { keyCensus, type KeyCensus } from "@/lib/server/crypto/rotate";
import { SYSTEM_ACTOR_ID, writeWithRevision } from "@/lib/server/ledger";
import { fieldContext, type IdentityField } from "./open";
import { sealChanges, type SourceRow } from "./seal";

// Data from before issue 13: sources whose identity is stored in plaintext (or sealed with the
// desk key itself, as contact details and confidential names were). `sealLegacySources` (run by
// the launcher after the migrations, `npm run keys:seal`) gives each its data key and seals
// every field as a new revision; what past revisions already hold cannot be rewritten without
// breaking the chain, so `legacyIdentityRevisions` lists them for the admins.

const SEAL_REASON = "Identity sealed with the source's own key (issue 13)";
const SEALED_V2 = "sdenc:v2:%";

/** SQL: a source row or snapshot value (`value` is jsonb text of one field) not sealed with the source's own key. */
const notSealed = (value: Prisma.Sql) => Prisma.sql`(coalesce(${value}, '') <> '' AND ${value} NOT LIKE ${SEALED_V2} AND ${value} <> '{"type": "doc", "content": [{"type": "paragraph"}]}')`;

type LegacyRow = SourceRow & { version: number };

/** Seals every source still holding its identity as it was before issue 13; returns how many were sealed. Idempotent. */
export async function sealLegacySources(onProgress: (done: number, total: number) => void = () => {}): Promise<number> {
  const pending = await db().$queryRaw<{ id: string; story_id: string }[]>`
    SELECT s.id::text, s.story_id::text FROM sources s
     WHERE s.burned_at IS NULL
       AND (NOT EXISTS (SELECT 1 FROM source_keys k WHERE k.source_id = s.id)
            OR ${notSealed(Prisma.sql`s.name`)} OR ${notSealed(Prisma.sql`s.affiliation`)} OR ${notSealed(Prisma.sql`s.link`)}
            OR ${notSealed(Prisma.sql`s.notes`)} OR ${notSealed(Prisma.sql`s.contact`)})
     ORDER BY s.story_id, s.id`;
  const byStory = new Map<string, string[]>();
  for (const row of pending) byStory.set(row.story_id, [...(byStory.get(row.story_id) ?? []), row.id]);
  let done = 0;
  for (const [storyId, ids] of byStory) {
    for (let at = 0; at < ids.length; at += 100) {
      const batch = ids.slice(at, at + 100);
      await writeWithRevision({ actorId: SYSTEM_ACTOR_ID, storyId, reason: SEAL_REASON }, async (tx) => {
        for (const id of batch) await sealOne(tx, id);
      });
      done += batch.length;
      onProgress(done, pending.length);
    }
  }
  return pending.length;
}

async function sealOne(tx: Tx, id: string): Promise<void> {
  const current = (await tx.source.findUniqueOrThrow({ where: { id } })) as LegacyRow;
  const changes = await sealChanges(tx, current, {});
  const columns = Object.keys(changes);
  if (columns.length === 0) return; // only its key was missing: now made
  const list = Prisma.raw(columns.map((column) => `"${column}"`).join(", "));
  await tx.$executeRaw`
    UPDATE sources AS t SET (${list}) = (SELECT ${list} FROM jsonb_populate_record(NULL::sources, ${JSON.stringify(changes)}::jsonb)),
           version = t.version + 1, updated_at = now()
     WHERE t.id = ${id}::uuid`;
}

export type LegacyRevision = {
  storyId: string;
  storyTitle: string;
  seq: number;
  at: Date;
  sourceId: string;
  /** Fields this revision holds in plaintext. */
  plaintext: IdentityField[];
  /** Fields sealed with the desk key only: readable by whoever holds it, even after a burn. */
  deskKeyOnly: IdentityField[];
  /** The source was burned since: its key is gone, but this revision still holds these fields. */
  burned: boolean;
};

const FIELDS: IdentityField[] = ["name", "affiliation", "link", "notes", "contact"];
const LIST_LIMIT = 500;

/** Admin: past revisions of sources that hold identity fields as they were stored before issue 13. */
export async function legacyIdentityRevisions(user: SessionUser): Promise<{ items: LegacyRevision[]; total: number }> {
  assertAdmin(user);
  const field = (name: string) => Prisma.sql`(r.snapshot ->> ${name})`;
  const plain = (name: string) =>
    name === "notes"
      ? Prisma.sql`(jsonb_typeof(r.snapshot -> 'notes') = 'object' AND (r.snapshot -> 'notes')::text LIKE '%"text"%' OR (jsonb_typeof(r.snapshot -> 'notes') = 'string' AND ${notSealed(field(name))} AND ${field(name)} NOT LIKE 'sdenc:v1:%'))`
      : Prisma.sql`(${notSealed(field(name))} AND ${field(name)} NOT LIKE 'sdenc:v1:%')`;
  const deskKey = (name: string) => Prisma.sql`(${field(name)} LIKE 'sdenc:v1:%')`;
  const flags = Prisma.join(FIELDS.flatMap((name) => [Prisma.sql`${plain(name)} AS ${Prisma.raw(`"plain_${name}"`)}`, Prisma.sql`${deskKey(name)} AS ${Prisma.raw(`"desk_${name}"`)}`]));
  const any = Prisma.join(FIELDS.flatMap((name) => [plain(name), deskKey(name)]), " OR ");
  const rows = await db().$queryRaw<(Record<string, boolean> & { chain: string; title: string; seq: bigint; created_at: Date; entity_id: string; burned: boolean; total: number })[]>`
    SELECT r.chain, st.title, r.seq, r.created_at, r.entity_id::text, s.burned_at IS NOT NULL AS burned, count(*) OVER ()::int AS total, ${flags}
      FROM revisions r
      JOIN stories st ON st.id = r.story_id
      LEFT JOIN sources s ON s.id = r.entity_id
     WHERE r.entity_type = 'source' AND (${any})
     ORDER BY st.title, r.seq
     LIMIT ${LIST_LIMIT}`;
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((row) => ({
      storyId: row.chain,
      storyTitle: row.title,
      seq: Number(row.seq),
      at: row.created_at,
      sourceId: row.entity_id,
      plaintext: FIELDS.filter((name) => row[`plain_${name}`]),
      deskKeyOnly: FIELDS.filter((name) => row[`desk_${name}`]),
      burned: row.burned,
    })),
  };
}

/**
 * Desk key ids that wrap some source's data key (or sealed a value before issue 13) but that the
 * configured keys cannot open — after a restore without the keys kept apart from the backup,
 * say: one sample per key id, opened as every reader does.
 */
export async function unreadableSealKeys(client: Tx = db()): Promise<string[]> {
  const wrapped = await client.$queryRaw<{ key_id: string; source_id: string; key_version: number; wrapped_key: string }[]>`
    SELECT DISTINCT ON (desk_key_id) desk_key_id AS key_id, source_id::text, key_version, wrapped_key
      FROM source_keys WHERE wrapped_key IS NOT NULL ORDER BY desk_key_id`;
  const legacy = await client.$queryRaw<{ key_id: string; id: string; field: IdentityField; value: string }[]>`
    SELECT DISTINCT ON (split_part(f.value, ':', 3)) split_part(f.value, ':', 3) AS key_id, s.id::text, f.field, f.value
      FROM sources s, LATERAL (VALUES ('name', s.name), ('affiliation', s.affiliation), ('link', s.link), ('notes', s.notes), ('contact', s.contact)) AS f(field, value)
     WHERE f.value LIKE 'sdenc:v1:%'
     ORDER BY split_part(f.value, ':', 3)`;
  const opens = (work: () => unknown) => {
    try {
      work();
      return true;
    } catch {
      return false;
    }
  };
  const bad = [
    ...wrapped.filter((row) => !opens(() => unwrapDataKey(row.wrapped_key, row.source_id, row.key_version))).map((row) => row.key_id),
    ...legacy.filter((row) => !opens(() => openLegacyField(row.value, fieldContext(row.id, row.field)))).map((row) => row.key_id),
  ];
  return [...new Set(bad)];
}

export type SourceKeysOverview = { census: KeyCensus | null; legacy: { items: LegacyRevision[]; total: number } };

/** Admin: how many data keys each desk key wraps, and the past revisions that still hold an identity as stored before issue 13. */
export async function sourceKeysOverview(user: SessionUser): Promise<SourceKeysOverview> {
  const legacy = await legacyIdentityRevisions(user);
  const census = await keyCensus().catch(() => null); // no desk key configured: said on the page
  return { census, legacy };
}
