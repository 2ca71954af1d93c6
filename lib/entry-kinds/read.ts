import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { StoryAccess } from "@/lib/server/access";
import { renderLens, type SourceLens } from "@/lib/server/sources/protection";
import { PAGE_SIZE, pageOf, type Page } from "@/lib/server/paging";
import { readTogether, readTogetherIn, type Read } from "@/lib/server/read-together";
import { entryModule, type ViewOf } from "./index";
import { KINDS, isEntryKind, type EntryKind } from "./kinds";
import { EntryNames } from "./names";
import { orderSql, snapshotComparator } from "./order";
import { likePattern } from "./search";
import { snapshotsById, snapshotsPage, snapshotsPageAndCount, snapshotsWhere, type Snapshot } from "./snapshot";
import type { EntryOption } from "./types";
import { isUuid } from "@/lib/validations/common";

// Reading entries of any kind, the same way for every kind: rows (now, or as of a moment) as
// snapshots → the names they refer to, for this reader → the kind's presenter.

export type PresentOptions = {
  client?: Tx;
  now?: Date;
  asOfSeq?: number;
  /** Names loaded already for (at least) these snapshots. */
  names?: EntryNames;
  /** The request's protection lens for this access, shared with its other readers (EntryNames.load's `lens`). */
  lens?: SourceLens;
  /** The statement being composed (readTogether) that the reads after the snapshots join. */
  read?: Read;
};

/** Snapshots of one kind as this reader sees them on its panel. */
export async function presentSnapshots<K extends EntryKind>(access: StoryAccess, kind: K, snapshots: Snapshot[], options: PresentOptions = {}): Promise<ViewOf<K>[]> {
  const client = options.client ?? db();
  const live = options.asOfSeq === undefined;
  const kindModule = entryModule(kind);
  const ids = snapshots.map((snapshot) => String(snapshot.id));
  // The names' first round and the kind's counts (which need only the ids) in one statement, with
  // whatever the caller reads beside them (`read`: presentPage's).
  const start = (read: Read) =>
    Promise.all([
      options.names ?? EntryNames.load(access, snapshots.map((snapshot) => ({ kind, snapshot })), { client, live, asOfSeq: options.asOfSeq, lens: options.lens, read }),
      kindModule.counts && ids.length ? read(kindModule.counts(access, ids, { asOfSeq: options.asOfSeq })) : undefined,
    ]);
  const [names, counts] = await readTogetherIn(options.read, start, client);
  return kindModule.present(access, snapshots, { client, names, now: options.now ?? new Date(), asOfSeq: options.asOfSeq, counts });
}

/** Entries of the story by id as they are now, in the order asked (unknown ids left out). Inside a write, pass its transaction. */
export async function loadEntries<K extends EntryKind>(access: StoryAccess, kind: K, ids: readonly string[], client: Tx = db(), now?: Date): Promise<ViewOf<K>[]> {
  return presentSnapshots(access, kind, await snapshotsById(kind, access.storyId, ids, client), { client, now });
}


/** One entry as it is now (NOT_FOUND if the story has none with this id). */
export async function loadEntry<K extends EntryKind>(access: StoryAccess, kind: K, id: string, client: Tx = db()): Promise<ViewOf<K>> {
  // An id from a URL may be anything: what is not a uuid names no entry (not a database error).
  if (!isUuid(id)) throw new AppError("NOT_FOUND");
  const [view] = await loadEntries(access, kind, [id], client);
  if (!view) throw new AppError("NOT_FOUND");
  return view;
}

const PICKER_SIZE = 300;

/** Live entries of a kind as a picker offers them (newest first, or the kind's own order): for linking. */
export async function entryOptions(access: StoryAccess, kind: EntryKind): Promise<EntryOption[]> {
  const kindModule = entryModule(kind);
  if (kindModule.options) return kindModule.options(access);
  const order = kindModule.pickOrder ?? { label: "Newest first", keys: [{ column: "created_at", direction: "desc" }] };
  const snapshots = await snapshotsPage(db(), kind, access.storyId, [Prisma.sql`t.deleted_at IS NULL`], orderSql(order), { limit: PICKER_SIZE });
  const names = await EntryNames.load(access, snapshots.map((snapshot) => ({ kind, snapshot })), { live: true });
  return snapshots.map((snapshot) => ({ id: String(snapshot.id), label: kindModule.label(snapshot, names) }));
}

/**
 * What a panel reads from its page's entry ids (their follow-ups and comment counts), asked for
 * through `read` before its first await: one statement with the page's names and counts, not a
 * round trip after them. Its answer stays with the caller.
 */
export type Beside = (ids: string[], read: Read) => Promise<unknown>;

/** Presents a page of snapshots, with `beside` on their ids in the same statement. */
async function presentPage<K extends EntryKind>(access: StoryAccess, kind: K, snapshots: Snapshot[], beside: Beside | undefined, options: PresentOptions = {}): Promise<ViewOf<K>[]> {
  const ids = snapshots.map((snapshot) => String(snapshot.id));
  const [views] = await readTogether((read) => Promise.all([presentSnapshots(access, kind, snapshots, { ...options, read }), beside?.(ids, read)]), options.client);
  return views;
}

/** `t.<column> = value` for an enum or text filter; nothing when the filter is unset. */
export const columnIs = (column: string, value: string | undefined) => (value ? Prisma.sql`${Prisma.raw(`t."${column}"`)}::text = ${value}` : null);

export type PanelFilters = { page: number; deleted: boolean; focus?: string; q?: string; sort?: string };

/**
 * A page of a panel: live or deleted entries, one in focus, the kind's search and the chosen
 * order (its SQL), plus the kind's own filters (`where`, on alias `t`). A search or an order
 * over what is sealed (a source's name) runs through the reader's names instead of SQL: every
 * row the filters (and, for a search, the kind's index of candidates) leave is named for this
 * reader — a hidden source by its alias, its identity never opened — then searched, sorted and
 * paged, so no result, count or order depends on what a hidden identity says.
 */
export async function listEntries<K extends EntryKind>(
  access: StoryAccess,
  kind: K,
  filters: PanelFilters,
  where: (Prisma.Sql | null | undefined | false)[] = [],
  beside?: Beside,
): Promise<Page<ViewOf<K>>> {
  const kindModule = entryModule(kind);
  const q = KINDS[kind].searched ? filters.q?.trim() || undefined : undefined;
  const order = (filters.sort && kindModule.orders[filters.sort]) || Object.values(kindModule.orders)[0]!;
  const conditions = [
    filters.deleted ? Prisma.sql`t.deleted_at IS NOT NULL` : Prisma.sql`t.deleted_at IS NULL`,
    filters.focus ? Prisma.sql`t.id = ${filters.focus}::uuid` : null,
    ...where,
  ].filter((condition): condition is Prisma.Sql => Boolean(condition));
  const search = kindModule.search.sql;
  // The render's protection lens (one per reader and page view): what the page's other readers opened is not opened again.
  const lens = renderLens(access);
  if ((q && !search) || order.byLabel) {
    // Only the rows the kind's index says can match are named (a source's blind index; hidden ones always are).
    const candidates = q && kindModule.search.candidates?.(access, q);
    const all = await snapshotsWhere(db(), kind, access.storyId, candidates ? [...conditions, candidates] : conditions);
    const names = await EntryNames.load(access, all.map((snapshot) => ({ kind, snapshot })), { live: true, lens });
    const found = q ? all.filter((snapshot) => kindModule.search.matches(snapshot, q, names)) : all;
    const byKeys = snapshotComparator(order);
    const labels = new Map(order.byLabel ? found.map((snapshot) => [snapshot, kindModule.label(snapshot, names)] as const) : []);
    found.sort((a, b) => (order.byLabel ? labels.get(a)!.localeCompare(labels.get(b)!) : 0) || byKeys(a, b));
    const slice = found.slice((filters.page - 1) * PAGE_SIZE, filters.page * PAGE_SIZE);
    return pageOf(await presentPage(access, kind, slice, beside, { names }), found.length, filters.page);
  }
  if (q && search) conditions.push(search(likePattern(q)));
  const page = { limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE };
  const { total, snapshots } = await snapshotsPageAndCount(kind, access.storyId, conditions, orderSql(order), page);
  return pageOf(await presentPage(access, kind, snapshots, beside, { lens }), total, filters.page);
}

/**
 * Entries of the story by kind and id, each named as this reader may name it now (a source
 * through the protection lens): for what is written once and read later — a notification's
 * title names its entry when read. Keyed "kind:id"; unknown ones are left out.
 */
export async function entryLabels(access: StoryAccess, refs: readonly { kind: string; id: string }[]): Promise<Map<string, string>> {
  const byKind = new Map<EntryKind, string[]>();
  for (const ref of refs) if (isEntryKind(ref.kind)) byKind.set(ref.kind, [...(byKind.get(ref.kind) ?? []), ref.id]);
  const loaded = await Promise.all([...byKind].map(async ([kind, ids]) => ({ kind, snapshots: await snapshotsById(kind, access.storyId, ids) })));
  const names = await EntryNames.load(
    access,
    loaded.flatMap(({ kind, snapshots }) => snapshots.map((snapshot) => ({ kind, snapshot }))),
    { live: true },
  );
  return new Map(loaded.flatMap(({ kind, snapshots }) => snapshots.map((snapshot) => [`${kind}:${String(snapshot.id)}`, entryModule(kind).label(snapshot, names)] as const)));
}
