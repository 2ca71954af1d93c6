import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { StoryAccess } from "@/lib/server/access";
import type { Fragment } from "@/lib/server/read-together";
import type { MentionText } from "@/lib/server/notifications/mentions";
import type { SourceIdentity, SourceOption } from "@/lib/server/sources/protection";
import type { EntryKind, LinkableKind, TrackedKind } from "./kinds";
import type { EntryOrder, EntryOrders } from "./order";
import type { Snapshot } from "./snapshot";

// What every kind module provides (one module per kind beside this file; index.ts lists them).

/** One field of a kind's snapshots, and how a person reads it (history, compare, restore). */
export type FieldSpec =
  | { key: string; label: string; type: "text" | "rich" | "link" }
  /** Part of a source's identity (sealed): words, a link or rich text, as the protection lens opens it for this reader. */
  | { key: string; label: string; type: "identity"; shape: "text" | "link" | "rich" }
  /** Never shown in history, to anyone: only that it changed. */
  | { key: string; label: string; type: "secret" }
  | { key: string; label: string; type: "enum"; labels: Record<string, string>; restore?: false }
  /**
   * A moment at its precision (lib/approximate-date.ts); `untilKey`: where a range ends, if it can be one.
   * `restore: false`: history shows it, a restore leaves it as it is (a burn is for good).
   */
  | { key: string; label: string; type: "moment"; precisionKey: string; untilKey?: string; restore?: false }
  /** Ids of other entries or people, shown by name. */
  | { key: string; label: string; type: "source" | "sources" | "quotes" | "user"; restore?: false }
  /** A document of the story (a quote's provenance, the take it was last checked against). */
  | { key: string; label: string; type: "document"; restore?: false }
  /** A claim's versions: passages of documents (document id, anchor, the words, their time). */
  | { key: string; label: string; type: "passages" }
  /** A linked entry of any linkable kind; its kind is in `kindKey`. */
  | { key: string; label: string; type: "entry"; kindKey: string };

export type EntryOption = { id: string; label: string };

export type LinkedEntry = { kind: LinkableKind; id: string; label: string; deleted: boolean };

/** How one reader names what snapshots refer to (loaded once per page: names.ts). */
export type Names = {
  user(id: unknown): string;
  /** A source by id, as this reader may name it now. */
  source(id: unknown): string;
  /** A source as it stood in a snapshot, as this reader may know it (its protection then and now). */
  sourceIdentity(snapshot: Snapshot): SourceIdentity;
  /** Only the name this reader may call it (opens nothing else). */
  sourceLabel(snapshot: Snapshot): string;
  /** Does a search match the source as this reader may know it? */
  sourceMatches(snapshot: Snapshot, q: string): boolean;
  /** Linked sources as this reader may name them now (unknown ids left out). */
  sources(ids: readonly string[]): SourceOption[];
  /** A linked entry, as it is now; null when there is none. */
  entry(kind: unknown, id: unknown): LinkedEntry | null;
  /** The linked entries of one kind as they are now (snapshots), in the order asked. */
  snapshots(kind: LinkableKind, ids: readonly string[]): Snapshot[];
};

export type KindModule<K extends TrackedKind = TrackedKind> = {
  kind: K;
  /** Each field of its snapshots, in the order history shows them. */
  fields: readonly FieldSpec[];
  /** The column that says in a line what the record is (a quote's words, a follow-up's title). */
  titleColumn: string;
  /** A short name for the record as it stood in a snapshot, for this reader. */
  label(snapshot: Snapshot, names: Names): string;
  /** Restorable kinds: may this reader restore versions, given its revisions (oldest first)? */
  mayRestore?(access: StoryAccess, revisions: Snapshot[]): boolean;
  /** Restorable kinds: throws if this reader may not bring `revision` back over `current` (both as stored). */
  assertMayRestore?(access: StoryAccess, current: Snapshot, revision: Snapshot): void;
  /** Restorable kinds whose stored values need it: the revision as a restore writes it back (sealed again). */
  restorable?(tx: Tx, revision: Snapshot): Promise<Snapshot>;
};

export type PresentContext = {
  client: Tx;
  names: Names;
  /** The clock for "overdue": now, or the moment a past state is shown as of. */
  now: Date;
  /** Set when the snapshots are revisions as of that position in the chain (not rows as they are now). */
  asOfSeq?: number;
  /** The kind's `counts` for these snapshots, when read beside the names (presentSnapshots). */
  counts?: Map<string, number>;
};

export type EntryModule<View extends { id: string } = { id: string }, K extends EntryKind = EntryKind> = KindModule<K> & {
  /** Columns naming people the view shows that are not among its fields (who logged it). */
  people: readonly string[];
  /**
   * The rich-text column whose @mentions notify members, and how a notification names it;
   * `texts` when the column is sealed: its words before and after a write, and who may be told.
   */
  mentions?: {
    column: string;
    place: "notes" | "answer";
    texts?(tx: Tx, storyId: string, before: Record<string, unknown> | undefined, after: Snapshot): Promise<MentionTexts>;
  };
  /** The `status` values that count as open (the tab's "N open"), when it has a status. */
  open?: readonly string[];
  /** The panel's orders by `sort` value; the first is the default (also as of a moment). */
  orders: EntryOrders;
  /** The order of a picker's options (linking to it), when not newest first. */
  pickOrder?: EntryOrder;
  /** A picker's options, when it has its own (sources: every one, by the name the reader may see). */
  options?(access: StoryAccess): Promise<EntryOption[]>;
  /**
   * The panel's search: the test on a snapshot, as this reader names it (`names`), and — for
   * kinds whose searched words are plain columns — the same in SQL on the live table (alias `t`).
   * Without `sql` (sources: sealed), the live panel searches through the names too.
   */
  search: {
    sql?(pattern: Prisma.Sql): Prisma.Sql;
    matches(snapshot: Snapshot, q: string, names: Names): boolean;
    /**
     * Without `sql`: a condition (alias `t`) every live row `matches` could accept holds — the
     * rows worth naming (a source's keyed search index); null to name them all.
     */
    candidates?(access: StoryAccess, q: string): Prisma.Sql | null;
  };
  /** Throws if this user may not change (edit, delete, restore) this entry, beyond writing on the story. */
  assertMayChange?(access: StoryAccess, snapshot: Snapshot): void;
  /**
   * A number per entry its view shows, read from the entries' ids alone (a source's live quotes):
   * presentSnapshots reads it in the names' statement (a fragment of it), and hands it to `present`.
   */
  counts?(access: StoryAccess, ids: string[], context: { asOfSeq?: number }): Fragment<Map<string, number>>;
  /** Snapshots (rows now, or revisions as of a moment) as this reader sees them on the panel. */
  present(access: StoryAccess, snapshots: Snapshot[], context: PresentContext): Promise<View[]>;
  /** How a view is named where it is referred to as it stood (a dossier's comment threads). */
  describe(view: View): string;
};

export type MentionTexts = { before: MentionText; after: MentionText; audience: readonly string[] | null };
