import "server-only";
import { rawRows } from "@/lib/db";
import { ENTRY_MODULES, entryModule, type ViewOf } from "@/lib/entry-kinds";
import { ENTRY_KINDS, EXPORTED_KINDS, KINDS, kindOfPanel, type EntryKind, type ExportedKind, type Panel } from "@/lib/entry-kinds/kinds";
import { EntryNames } from "@/lib/entry-kinds/names";
import { snapshotComparator } from "@/lib/entry-kinds/order";
import { presentSnapshots } from "@/lib/entry-kinds/read";
import type { Snapshot } from "@/lib/entry-kinds/snapshot";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import type { SourceLens } from "@/lib/server/sources/protection";
import { PAGE_SIZE, pageOf, type Page } from "@/lib/server/paging";
import type { WorkspaceCounts } from "@/lib/server/workspace";
import { resolveMoment, type MomentInput, type StoryMoment } from "./moments";

// The workspace as it stood at a moment: each entry's latest revision at or before that
// position in the chain, read through the same presenters as the live panels (so the same
// protection rules apply), searched and sorted by the same definitions as the live panels
// (the registry's). Entries are never hard-deleted, so the story's tables list every entry
// that ever existed; each is one probe of the (entity_id, seq) index. The cost grows with the
// number of entries, not with the length of the history.

export type AsOfStory = { title: string; summary: string; status: string; memo: RichTextDoc };

/** One panel's page as it stood: which kind, and its entries as that panel shows them. */
export type AsOfEntries = { [K in EntryKind]: { kind: K; page: Page<ViewOf<K>> } }[EntryKind];

export type AsOfWorkspace = {
  moment: StoryMoment;
  story: AsOfStory | null;
  counts: WorkspaceCounts;
  entries?: AsOfEntries;
};

/** The page's entries, when the panel shown lists `kind` (none otherwise). */
export function asOfItems<K extends EntryKind>(workspace: AsOfWorkspace, kind: K): ViewOf<K>[] {
  return workspace.entries?.kind === kind ? (workspace.entries.page.items as unknown as ViewOf<K>[]) : [];
}

type Probe = { type: EntryKind; live: boolean; open: boolean; snapshot: Snapshot | null };

export async function workspaceAsOf(
  user: SessionUser,
  storyId: string,
  momentInput: MomentInput,
  panel: Panel,
  options: { q?: string; page: number },
  timeZone: string,
): Promise<AsOfWorkspace> {
  const access = await storyAccessFor(user, storyId, "reader");
  const moment = await resolveMoment(access, momentInput, timeZone);
  const kind = kindOfPanel(panel);
  const [probes, story] = await Promise.all([probeEntries(access.storyId, moment.seq, kind ? [kind] : []), storySnapshotAt(access.storyId, moment.seq)]);
  const live = probes.filter((probe) => probe.live);
  const counts = Object.fromEntries(
    ENTRY_MODULES.map((kindModule) => {
      const ofKind = live.filter((probe) => probe.type === kindModule.kind);
      return [kindModule.kind, { total: ofKind.length, open: kindModule.open ? ofKind.filter((probe) => probe.open).length : null }];
    }),
  ) as WorkspaceCounts;
  const result: AsOfWorkspace = { moment, story, counts };
  if (!kind) return result;

  const kindModule = entryModule(kind);
  const q = KINDS[kind].searched ? options.q?.trim() : undefined;
  const all = live.flatMap((probe) => (probe.type === kind && probe.snapshot ? [probe.snapshot] : []));
  // A search matches what this reader may know of each entry then, with today's protection on
  // top: the names (the protection lens for sources) are loaded for every entry it looks at.
  const names = q ? await EntryNames.load(access, all.map((snapshot) => ({ kind, snapshot })), { asOfSeq: moment.seq }) : undefined;
  const snapshots = all.filter((snapshot) => !q || kindModule.search.matches(snapshot, q, names!)).sort(snapshotComparator(Object.values(kindModule.orders)[0]!));
  const slice = snapshots.slice((options.page - 1) * PAGE_SIZE, options.page * PAGE_SIZE);
  const views = await presentSnapshots(access, kind, slice, { now: moment.at, asOfSeq: moment.seq, names });
  result.entries = { kind, page: pageOf(views, snapshots.length, options.page) } as AsOfEntries;
  return result;
}

/** Whether a probed snapshot counts as open, per kind (the kinds' `open` statuses). */
const OPEN_SQL = Prisma.join(
  [
    ...ENTRY_MODULES.flatMap((kindModule) =>
      kindModule.open ? [Prisma.sql`(e.type = ${kindModule.kind} AND (r.snapshot ->> 'status') = ANY(${[...kindModule.open]}::text[]))`] : [],
    ),
    Prisma.sql`false`,
  ],
  " OR ",
);

/**
 * Each entry's latest revision at `seq` (snapshots only for the `wanted` kinds). Straight on the
 * pool (rawRows): a dossier reads every entry's snapshot here, and Prisma's mapping of ~1,000
 * jsonb rows was ~5 ms of the server's CPU per build (docs/benchmarks.md, issue 16 part 3).
 */
function probeEntries(storyId: string, seq: number, wanted: EntryKind[]): Promise<Probe[]> {
  const entities = Prisma.join(
    ENTRY_KINDS.map((kind) => Prisma.sql`SELECT id, ${kind}::text AS type FROM ${Prisma.raw(KINDS[kind].table)} WHERE story_id = ${storyId}::uuid`),
    " UNION ALL ",
  );
  return rawRows<Probe>(Prisma.sql`
    WITH entities AS (${entities})
    SELECT e.type,
           (r.snapshot ->> 'deleted_at') IS NULL AS live,
           (${OPEN_SQL}) AS open,
           CASE WHEN e.type = ANY(${wanted}::text[]) THEN r.snapshot END AS snapshot
      FROM entities e
      CROSS JOIN LATERAL (
        SELECT snapshot FROM revisions
         WHERE entity_id = e.id AND seq <= ${seq} AND chain = ${storyId}
         ORDER BY seq DESC LIMIT 1
      ) r`);
}

async function storySnapshotAt(storyId: string, seq: number): Promise<AsOfStory | null> {
  const [row] = await rawRows<{ snapshot: Snapshot }>(Prisma.sql`
    SELECT snapshot FROM revisions WHERE entity_id = ${storyId}::uuid AND chain = ${storyId} AND seq <= ${seq}
     ORDER BY seq DESC LIMIT 1`);
  const snapshot = row?.snapshot;
  return snapshot
    ? {
        title: String(snapshot.title ?? ""),
        summary: String(snapshot.summary ?? ""),
        status: String(snapshot.status ?? "developing"),
        memo: (snapshot.memo as RichTextDoc | undefined) ?? { type: "doc", content: [] },
      }
    : null;
}

export type StoryAsOf = {
  moment: StoryMoment;
  story: AsOfStory | null;
  /** Every exported kind's entries as they stood, in their panels' default orders. */
  entries: { [K in ExportedKind]: ViewOf<K>[] };
};

/**
 * Every entry of the story as it stood at a moment (live then; deleted later ones included),
 * in the panels' orders: for a dossier. One probe per entry, as for a panel. `lens`: the
 * request's protection lens (SourceLens.forRequest), shared with its other readers.
 */
export async function storyAsOf(access: StoryAccess, moment: StoryMoment, lens?: SourceLens): Promise<StoryAsOf> {
  const [probes, story] = await Promise.all([probeEntries(access.storyId, moment.seq, [...EXPORTED_KINDS]), storySnapshotAt(access.storyId, moment.seq)]);
  const live = probes.filter((probe) => probe.live && probe.snapshot);
  // One load of the names every kind's entries refer to, not one per kind: the same names (each
  // as it stood, with its protection now), in fewer statements, through one protection lens —
  // a source's name is opened once for its own entry, its quotes and the claims that cite it.
  const names = await EntryNames.load(access, live.map((probe) => ({ kind: probe.type, snapshot: probe.snapshot! })), { asOfSeq: moment.seq, lens });
  const entries = await Promise.all(
    EXPORTED_KINDS.map(async (kind) => {
      const order = snapshotComparator(Object.values(entryModule(kind).orders)[0]!);
      const snapshots = live.filter((probe) => probe.type === kind).map((probe) => probe.snapshot!).sort(order);
      return [kind, await presentSnapshots(access, kind, snapshots, { now: moment.at, asOfSeq: moment.seq, names })] as const;
    }),
  );
  return { moment, story, entries: Object.fromEntries(entries) as StoryAsOf["entries"] };
}
