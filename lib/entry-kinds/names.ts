import "server-only";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { StoryAccess } from "@/lib/server/access";
import { SYSTEM_ACTOR_ID } from "@/lib/server/ledger";
import { alone, type Read } from "@/lib/server/read-together";
import { SourceLens, keyRowsSql, knownKeysOf, storedOf, type KnownKeys, type SourceIdentity, type SourceOption } from "@/lib/server/sources/protection";
import { KIND_MODULES } from "./index";
import { KINDS, LINKABLE_KINDS, isLinkableKind, isTrackedKind, type LinkableKind, type TrackedKind } from "./kinds";
import { passagesOf } from "./passages";
import { ids, namesOf, snapshotsAt, snapshotsById, str, type Snapshot } from "./snapshot";
import type { LinkedEntry, Names } from "./types";

// Names for what snapshots refer to — people, sources, linked entries — as one reader may
// read them, loaded in a few queries for a whole page: the kinds' fields say which columns
// refer to what. Sources are named through the protection lens (one SourceLens: their keys).
// As of a moment (`asOfSeq`), what a snapshot refers to is named as it stood then — a quote's
// speaker by the name the source had — with each source's protection as it is now on top.

type Ref = { kind: string; snapshot: Snapshot };

/** Which columns of a snapshot of this kind name people, sources or other entries. */
function collect(ref: Ref, people: Set<string>, linked: Map<LinkableKind, Set<string>>) {
  if (!isTrackedKind(ref.kind)) return;
  const kindModule = KIND_MODULES[ref.kind];
  const link = (kind: LinkableKind, id: unknown) => {
    if (str(id)) linked.get(kind)!.add(str(id));
  };
  if ("people" in kindModule) kindModule.people.forEach((column) => people.add(str(ref.snapshot[column])));
  for (const spec of kindModule.fields) {
    const value = ref.snapshot[spec.key];
    if (spec.type === "user") people.add(str(value));
    else if (spec.type === "source") link("source", value);
    else if (spec.type === "sources") ids(value).forEach((id) => link("source", id));
    else if (spec.type === "quotes") ids(value).forEach((id) => link("quote", id));
    else if (spec.type === "document") link("document", value);
    else if (spec.type === "passages") passagesOf(value).forEach((passage) => link("document", passage.documentId));
    else if (spec.type === "entry" && isLinkableKind(ref.snapshot[spec.kindKey])) link(ref.snapshot[spec.kindKey] as LinkableKind, value);
  }
}

/** Which columns of a kind's row name people, and which link to rows of which kinds (a uuid or an array of them). */
function columnsOf(kind: TrackedKind): { people: string[]; links: { column: string; kind: LinkableKind }[] } {
  const kindModule = KIND_MODULES[kind];
  const people = [...("people" in kindModule ? kindModule.people : [])];
  const links: { column: string; kind: LinkableKind }[] = [];
  for (const spec of kindModule.fields) {
    if (spec.type === "user") people.push(spec.key);
    else if (spec.type === "source" || spec.type === "sources") links.push({ column: spec.key, kind: "source" });
    else if (spec.type === "quotes") links.push({ column: spec.key, kind: "quote" });
    else if (spec.type === "document") links.push({ column: spec.key, kind: "document" });
    // "passages" and "entry" (a kind named in another column) are looked up by load() itself.
  }
  return { people, links };
}

/**
 * What the database reads for a reply in the statement that writes the row (edit_entry's
 * `p_links` and `p_people`, migration 20261203120000_i16_edit_in_one_statement): the rows the
 * kind's columns link to, with the columns of theirs that name people — what load() reads first.
 */
export function lookupsOf(kind: TrackedKind): { links: { column: string; table: string; people: string[] }[]; people: string[] } {
  const { people, links } = columnsOf(kind);
  return { people, links: links.map((link) => ({ column: link.column, table: KINDS[link.kind].table, people: columnsOf(link.kind).people })) };
}

/** What edit_entry's lookups read (see lookupsOf), for load(): linked rows, people, the linked sources' keys. */
export type KnownNames = { linked: Map<LinkableKind, Snapshot[]>; people: Set<string>; users: (id: unknown) => string; keys: KnownKeys };

/** edit_entry's `lookups` (JSON) as load() takes them. */
export function knownNames(lookups: unknown): KnownNames | undefined {
  if (!lookups || typeof lookups !== "object") return undefined;
  const read = lookups as { linked: Record<string, Snapshot[]>; users: { id: string; name: string }[]; people: string[]; sources: string[]; keys: KnownKeys["rows"] };
  const byTable = new Map<string, LinkableKind>(LINKABLE_KINDS.map((kind) => [KINDS[kind].table, kind]));
  const linked = new Map(Object.entries(read.linked).flatMap(([table, rows]) => (byTable.has(table) ? [[byTable.get(table)!, rows] as const] : [])));
  return { linked, people: new Set(read.people), users: namesOf(read.users), keys: { sourceIds: read.sources, rows: read.keys } };
}

type Lookups = { sources: Snapshot[]; keys: KnownKeys; users: (id: unknown) => string };

/**
 * The first round of a page's names as one fragment (`read`: in the statement of the reads that
 * start beside it — a panel's counts, follow-ups and comment counts — or alone): the linked
 * sources not read yet (as snapshots), the keys of the sources known so far, and people's names.
 * Three statements side by side before; each cost the server ~0.1–0.3 ms of its CPU and woke
 * PostgreSQL (docs/benchmarks.md). Asked for at once (no await before it): see readTogether.
 */
function firstLookups(storyId: string, sourceIds: string[], keyIds: string[], userIds: string[], read: Read): Promise<Lookups> {
  const [sources, keys, users] = [sourceIds, keyIds, userIds].map((wanted) => [...new Set(wanted)].filter(Boolean));
  if (!sources!.length && !keys!.length && !users!.length) return Promise.resolve({ sources: [], keys: { sourceIds: [], rows: [] }, users: namesOf([]) });
  type Row = { sources: Snapshot[]; keys: KnownKeys["rows"]; users: { id: string; name: string }[] };
  return read({
    name: "names",
    sql: Prisma.sql`json_build_object(
      'sources', (SELECT coalesce(json_agg(to_jsonb(t)), '[]') FROM sources t WHERE t.story_id = ${storyId}::uuid AND t.id = ANY(${sources}::uuid[])),
      'keys', (SELECT coalesce(json_agg(k), '[]') FROM (${keyRowsSql(keys!)}) k),
      'users', (SELECT coalesce(json_agg(u), '[]') FROM (SELECT id::text AS id, name FROM users WHERE id = ANY(${users}::uuid[])) u))`,
    parse: (value) => {
      const row = value as Row;
      return { sources: row.sources, keys: { sourceIds: keys!, rows: row.keys }, users: namesOf(row.users) };
    },
  });
}

export class EntryNames implements Names {
  private readonly identities = new WeakMap<Snapshot, SourceIdentity>();

  private constructor(
    private readonly lens: SourceLens,
    private readonly users: (id: unknown) => string,
    /** Linked entries as they are now, by kind and id. */
    private readonly current: Map<LinkableKind, Map<string, Snapshot>>,
    /** As of a moment: linked entries (any kind) as they stood then, by id. */
    private readonly then?: Map<string, Snapshot>,
  ) {}

  /**
   * Loads the names the given snapshots refer to (and `userIds`, e.g. who made revisions).
   * `live`: the snapshots are rows as they are now, so a source snapshot is its own current state.
   * `asOfSeq`: the snapshots are as of this position in the story's chain, and so are the names.
   * `known`: what the statement that wrote a row read for its reply (live only): not read again.
   * `lens`: the request's protection lens (SourceLens.forRequest or renderLens, for the same reader), shared with its other readers.
   * `read`: the statement the first round of names is read in (readTogether's, with what starts beside it); alone by default.
   */
  static async load(
    access: StoryAccess,
    refs: Ref[],
    options: { client?: Tx; userIds?: string[]; live?: boolean; asOfSeq?: number; known?: KnownNames; lens?: SourceLens; read?: Read } = {},
  ): Promise<EntryNames> {
    if (options.lens && !options.lens.serves(access)) throw new Error("A shared lens serves only the access it was made for.");
    const client = options.client ?? db();
    const people = new Set(options.userIds ?? []);
    const linked = new Map(LINKABLE_KINDS.map((kind) => [kind, new Set<string>()]));
    const current = new Map(LINKABLE_KINDS.map((kind) => [kind, new Map<string, Snapshot>()]));
    const known = options.asOfSeq === undefined ? options.known : undefined;
    known?.linked.forEach((snapshots, kind) => snapshots.forEach((snapshot) => current.get(kind)!.set(str(snapshot.id), snapshot)));
    for (const ref of refs) {
      collect(ref, people, linked);
      // A source shown as it stood is read with its protection now.
      if (ref.kind !== "source") continue;
      if (options.live) current.get("source")!.set(str(ref.snapshot.id), ref.snapshot);
      else linked.get("source")!.add(str(ref.snapshot.id));
    }
    const fetch = async (wanted: Map<LinkableKind, Set<string>>) => {
      const loaded = await Promise.all(
        [...wanted].map(async ([kind, set]) => {
          const missing = [...set].filter((id) => !current.get(kind)!.has(id));
          return [kind, missing.length ? await snapshotsById(kind, access.storyId, missing, client) : []] as const;
        }),
      );
      for (const [kind, snapshots] of loaded) snapshots.forEach((snapshot) => current.get(kind)!.set(str(snapshot.id), snapshot));
      return loaded;
    };
    const seq = options.asOfSeq;
    const then = seq === undefined ? undefined : new Map<string, Snapshot>();
    const standing = async (wanted: Map<LinkableKind, Set<string>>) => {
      if (!then || seq === undefined) return [];
      const found = await snapshotsAt(access.storyId, [...wanted.values()].flatMap((set) => [...set]), seq, client);
      found.forEach((snapshot, id) => then.set(id, snapshot));
      return [...wanted].map(([kind, set]) => [kind, [...set].flatMap((id) => (found.has(id) ? [found.get(id)!] : []))] as const);
    };
    // The people named so far are looked up beside the linked entries (outside a transaction,
    // on two connections at once). A linked entry's label may name a source (a quote's speaker):
    // one more round for those — as they are now, and as they stood (as of). Not the people a
    // linked entry names (a speaker's logger): a linked entry is shown by its label, and no
    // linkable kind's label names a person (the member kind's does: it is not linkable).
    // The keys of the sources known so far are read beside them too (the lens needs them last):
    // the linked sources, their keys and the people in one statement (firstLookups).
    const knownSources = new Set(known?.keys.sourceIds);
    const early = [...current.get("source")!.keys(), ...linked.get("source")!].filter((id) => !knownSources.has(id));
    const linkedSources = [...linked.get("source")!].filter((id) => !current.get("source")!.has(id));
    const others = new Map([...linked].filter(([kind]) => kind !== "source"));
    const [firstOthers, firstThen, lookups] = await Promise.all([
      fetch(others),
      standing(linked),
      firstLookups(access.storyId, linkedSources, early, [...people].filter((id) => !known?.people.has(id)), options.read ?? alone(client)),
    ]);
    lookups.sources.forEach((snapshot) => current.get("source")!.set(str(snapshot.id), snapshot));
    const first = [...firstOthers, ["source", lookups.sources] as const];
    const knownUsers = (id: unknown) => (known?.people.has(str(id)) ? known.users(id) : lookups.users(id));
    const earlyKeys = lookups.keys;
    const next = new Map(LINKABLE_KINDS.map((kind) => [kind, new Set<string>()]));
    const unshown = new Set<string>();
    for (const [kind, snapshots] of [...first, ...firstThen]) snapshots.forEach((snapshot) => collect({ kind, snapshot }, unshown, next));
    const nextSources = new Map([["source", next.get("source")!]] as const);
    await Promise.all([fetch(nextSources), standing(nextSources)]);
    const sourceIds = [...current.get("source")!.keys(), ...refs.filter((ref) => ref.kind === "source").map((ref) => str(ref.snapshot.id))];
    const read = knownKeysOf(earlyKeys, sourceIds);
    const keys = { sourceIds: [...(known?.keys.sourceIds ?? []), ...read.sourceIds], rows: [...(known?.keys.rows ?? []), ...read.rows] };
    const lens = options.lens ?? (await SourceLens.load(access, sourceIds, client, keys));
    if (options.lens) await options.lens.include(sourceIds, client, keys);
    return new EntryNames(lens, (id) => (id === SYSTEM_ACTOR_ID ? "System" : knownUsers(id)), current, then);
  }

  user(id: unknown): string {
    return this.users(id);
  }

  private now(kind: LinkableKind, id: unknown): Snapshot | undefined {
    return this.current.get(kind)?.get(str(id));
  }

  /** A linked entry as the snapshots' moment saw it: as it stood then (as of), or as it is now. */
  private linked(kind: LinkableKind, id: unknown): Snapshot | undefined {
    return this.then?.get(str(id)) ?? this.now(kind, id);
  }

  source(id: unknown): string {
    const now = this.now("source", id);
    const then = this.then?.get(str(id)) ?? now;
    return then ? this.lens.label(storedOf(then), now ? storedOf(now) : undefined) : "Unknown source";
  }

  /** The source as it stood in `snapshot`, with its protection now. */
  private stored(snapshot: Snapshot) {
    const now = this.now("source", snapshot.id);
    return { then: storedOf(snapshot), now: now ? storedOf(now) : undefined };
  }

  sourceIdentity(snapshot: Snapshot): SourceIdentity {
    let identity = this.identities.get(snapshot);
    if (!identity) {
      const { then, now } = this.stored(snapshot);
      identity = this.lens.identity(then, now);
      this.identities.set(snapshot, identity);
    }
    return identity;
  }

  sourceLabel(snapshot: Snapshot): string {
    const { then, now } = this.stored(snapshot);
    return this.lens.label(then, now);
  }

  sourceMatches(snapshot: Snapshot, q: string): boolean {
    const { then, now } = this.stored(snapshot);
    return this.lens.matches(then, now ?? then, q);
  }

  sources(sourceIds: readonly string[]): SourceOption[] {
    return sourceIds.flatMap((id) => {
      const source = this.entry("source", id);
      return source ? [{ id: source.id, label: source.label, deleted: source.deleted }] : [];
    });
  }

  entry(kind: unknown, id: unknown): LinkedEntry | null {
    if (!isLinkableKind(kind)) return null;
    const snapshot = this.linked(kind, id);
    if (!snapshot) return null;
    return { kind, id: str(id), label: KIND_MODULES[kind].label(snapshot, this), deleted: Boolean(snapshot.deleted_at) };
  }

  snapshots(kind: LinkableKind, wanted: readonly string[]): Snapshot[] {
    return wanted.flatMap((id): Snapshot[] => {
      const snapshot = this.linked(kind, id);
      return snapshot ? [snapshot] : [];
    });
  }
}
