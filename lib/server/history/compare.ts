import "server-only";
import { db } from "@/lib/db";
import { KIND_MODULES } from "@/lib/entry-kinds";
import { KINDS, TRACKED_KINDS, isTrackedKind, type TrackedKind } from "@/lib/entry-kinds/kinds";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { diffDisplays, type FieldChange } from "./diff";
import { HistoryLens, type Snapshot } from "./lens";
import { resolveMoment, type MomentInput, type StoryMoment } from "./moments";

// What changed between two moments: for every entry touched in between, its state at the
// first moment against its state at the second — added, changed (with differences) or
// removed — grouped by kind, with who changed it and why.

export const COMPARE_LIMIT = 500;

export type ComparedEntry = {
  entityType: TrackedKind;
  entityId: string;
  label: string;
  status: "added" | "changed" | "removed";
  changes: FieldChange[];
  /** Everyone who changed it in between, and the reasons they gave. */
  actors: string[];
  reasons: string[];
  revisions: number;
  lastAt: Date;
  lastSeq: number;
};

export type Comparison = {
  from: StoryMoment;
  to: StoryMoment;
  groups: { entityType: TrackedKind; title: string; entries: ComparedEntry[] }[];
  total: number;
  /** More entries changed than are shown. */
  truncated: boolean;
};

type Row = {
  entity_type: string;
  entity_id: string;
  before: Snapshot | null;
  after: Snapshot;
  actor_ids: string[];
  reasons: string[] | null;
  revisions: bigint;
  last_at: Date;
  last_seq: bigint;
};

export async function compareMoments(
  user: SessionUser,
  storyId: string,
  input: { from: MomentInput; to: MomentInput },
  timeZone: string,
): Promise<Comparison> {
  const access = await storyAccessFor(user, storyId, "reader");
  let [from, to] = await Promise.all([resolveMoment(access, input.from, timeZone), resolveMoment(access, input.to, timeZone)]);
  if (from.seq > to.seq) [from, to] = [to, from];
  const id = access.storyId;
  const rows = await db().$queryRaw<Row[]>`
    WITH touched AS (
      SELECT entity_type, entity_id, array_agg(DISTINCT actor_id) AS actor_ids,
             array_agg(reason ORDER BY seq) FILTER (WHERE reason IS NOT NULL) AS reasons,
             count(*) AS revisions, max(created_at) AS last_at, max(seq) AS last_seq
        FROM revisions
       WHERE chain = ${id} AND seq > ${from.seq} AND seq <= ${to.seq}
       GROUP BY entity_type, entity_id
       ORDER BY max(seq) DESC
       LIMIT ${COMPARE_LIMIT + 1}
    )
    SELECT t.entity_type, t.entity_id::text, b.snapshot AS before, a.snapshot AS after,
           t.actor_ids::text[] AS actor_ids, t.reasons, t.revisions, t.last_at, t.last_seq
      FROM touched t
      LEFT JOIN LATERAL (
        SELECT snapshot FROM revisions WHERE entity_id = t.entity_id AND chain = ${id} AND seq <= ${from.seq}
         ORDER BY seq DESC LIMIT 1) b ON true
      JOIN LATERAL (
        SELECT snapshot FROM revisions WHERE entity_id = t.entity_id AND chain = ${id} AND seq <= ${to.seq}
         ORDER BY seq DESC LIMIT 1) a ON true
     ORDER BY t.last_seq DESC`;
  const shown = rows.slice(0, COMPARE_LIMIT);
  const refs = shown.flatMap((row) => [
    { entityType: row.entity_type, snapshot: row.after },
    ...(row.before ? [{ entityType: row.entity_type, snapshot: row.before }] : []),
  ]);
  const lens = await HistoryLens.load(access, refs, timeZone, shown.flatMap((row) => row.actor_ids));
  const exists = (snapshot: Snapshot | null) => Boolean(snapshot) && !snapshot!.deleted_at;

  const entries = shown.flatMap((row): ComparedEntry[] => {
    if (!isTrackedKind(row.entity_type)) return [];
    const type = row.entity_type;
    const [was, is] = [exists(row.before), exists(row.after)];
    if (!was && !is) return []; // came and went in between
    const status = !was ? "added" : !is ? "removed" : "changed";
    const after = lens.display(type, row.after);
    const changes =
      status === "removed" ? [] : diffDisplays(KIND_MODULES[type].fields, status === "added" ? null : lens.display(type, row.before!), after);
    if (status === "changed" && changes.length === 0) return []; // changed and changed back
    return [
      {
        entityType: type,
        entityId: row.entity_id,
        label: lens.label(type, row.after),
        status,
        changes,
        actors: row.actor_ids.map((actor) => lens.userName(actor)),
        reasons: row.reasons ?? [],
        revisions: Number(row.revisions),
        lastAt: row.last_at,
        lastSeq: Number(row.last_seq),
      },
    ];
  });
  const groups = TRACKED_KINDS.flatMap((type) => {
    const inGroup = entries.filter((entry) => entry.entityType === type);
    return inGroup.length ? [{ entityType: type, title: KINDS[type].heading, entries: inGroup }] : [];
  });
  return { from, to, groups, total: entries.length, truncated: rows.length > COMPARE_LIMIT };
}
