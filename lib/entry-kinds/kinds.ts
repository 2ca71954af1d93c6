// THE list of the kinds of record the ledger tracks on a story, and what each one is. Every
// piece of the app that works over kinds — history, as of, compare, restore, comments,
// notifications, the dossier, the panels, the schemas that name an entry — reads this list and
// the flags below; none of them names a kind to switch on it. How each kind is read and shown
// lives beside this file, one module per kind (see index.ts and ARCHITECTURE.md).
//
// No imports: forms in the browser and the zod schemas use it too.

type KindInfo = {
  /** The table (the ledger records it as `entity_type` = the key). */
  table: string;
  /** The column naming the record's story (the story is its own row). */
  storyColumn: "story_id" | "id";
  /** One of them, in a sentence: "a timeline event". */
  noun: string;
  /** A group of them (history, compare, the workspace tab). */
  heading: string;
  /** The workspace panel (`?tab=`) that lists them; null for what has no panel. */
  panel: string | null;
  /** An entry: listed on its panel, deleted and restored from there, versioned. */
  entry: boolean;
  /** A follow-up can be about one ("Assign follow-up"). */
  linkable: boolean;
  /** Has a comment thread. */
  commentable: boolean;
  /** An earlier revision can be brought back from its history. */
  restorable: boolean;
  /** Part of a dossier (as of its moment). */
  exported: boolean;
  /** Its panel (live and as of) can be searched. */
  searched: boolean;
  /**
   * How a revision of it reads where it is not "<verb> the <noun>" (history feed, recent
   * changes): who/what it is called, verbs and trailing words by action. `entryHistory: false`:
   * its revisions are read in the story's feed, not on a page of their own.
   */
  sentence?: { kind: string; verbs?: Partial<Record<RevisionAction, string>>; details?: Record<RevisionAction, string>; entryHistory?: false };
  /** Pages besides its story's that show it, refreshed after it changes. */
  shownIn?: readonly Revalidation[];
};

/** A page to refresh: a path, or a path with everything under it ("layout"). */
export type Revalidation = string | { path: string; type: "layout" | "page" };

type RevisionAction = "create" | "update" | "delete" | "restore";

const record = { storyColumn: "story_id", entry: false, linkable: false, commentable: false, restorable: false, exported: false, searched: false } as const;
const entry = { storyColumn: "story_id", entry: true, commentable: true, exported: true, searched: true } as const;

export const KINDS = {
  story: {
    ...record,
    storyColumn: "id",
    table: "stories",
    noun: "story",
    heading: "Story and memo",
    panel: null,
    restorable: true,
    sentence: { kind: "the story", verbs: { create: "opened" } },
  },
  member: {
    ...record,
    table: "story_members",
    noun: "team member",
    heading: "Team",
    panel: null,
    sentence: {
      kind: "",
      verbs: { create: "added", update: "changed the role of", delete: "removed", restore: "added back" },
      details: { create: "to the team", update: "", delete: "from the team", restore: "to the team" },
      entryHistory: false,
    },
  },
  source: { ...entry, table: "sources", noun: "source", heading: "Sources", panel: "sources", linkable: true, restorable: true },
  quote: { ...entry, table: "quotes", noun: "quote", heading: "Quotes", panel: "quotes", linkable: true, restorable: true },
  question: { ...entry, table: "questions", noun: "question", heading: "Questions", panel: "questions", linkable: true, restorable: true },
  timeline_event: { ...entry, table: "timeline_events", noun: "timeline event", heading: "Timeline", panel: "timeline", linkable: true, restorable: true },
  follow_up: {
    ...entry,
    table: "follow_ups",
    noun: "follow-up",
    heading: "Follow-ups",
    panel: "follow-ups",
    linkable: false,
    restorable: false,
    // My follow-ups, and the header's counts.
    shownIn: ["/follow-ups", { path: "/", type: "layout" }],
  },
  // Evidence (issue 17): documents are immutable (a new take is a new document that replaces
  // it), so no revision of one is restored; a claim is edited like a question.
  document: { ...entry, table: "documents", noun: "document", heading: "Evidence", panel: "evidence", linkable: true, restorable: false },
  claim: { ...entry, table: "claims", noun: "claim", heading: "Claims", panel: "claims", linkable: true, restorable: true },
  comment: { ...record, table: "comments", noun: "comment", heading: "Comments", panel: null },
} as const satisfies Record<string, KindInfo>;

type Kinds = typeof KINDS;
/** Every kind the ledger tracks on a story, in the order history groups them. */
export type TrackedKind = keyof Kinds;
type Flag = "entry" | "linkable" | "commentable" | "restorable" | "exported" | "searched";
type Flagged<F extends Flag> = { [K in TrackedKind]: Kinds[K][F] extends true ? K : never }[TrackedKind];
export type EntryKind = Flagged<"entry">;
export type LinkableKind = Flagged<"linkable">;
export type CommentableKind = Flagged<"commentable">;
export type RestorableKind = Flagged<"restorable">;
export type ExportedKind = Flagged<"exported">;
export type EntryPanel = Kinds[EntryKind]["panel"];

const keys = Object.keys(KINDS) as TrackedKind[];
const having = <K extends TrackedKind>(flag: Flag) => keys.filter((key) => KINDS[key][flag] === true) as K[];

/** As tuples, for z.enum. */
type Tuple<K> = readonly [K, ...K[]];
export const TRACKED_KINDS = keys as unknown as Tuple<TrackedKind>;
export const ENTRY_KINDS = having<EntryKind>("entry") as unknown as Tuple<EntryKind>;
export const LINKABLE_KINDS = having<LinkableKind>("linkable") as unknown as Tuple<LinkableKind>;
export const COMMENTABLE_KINDS = having<CommentableKind>("commentable") as unknown as Tuple<CommentableKind>;
export const RESTORABLE_KINDS = having<RestorableKind>("restorable") as unknown as Tuple<RestorableKind>;
export const EXPORTED_KINDS = having<ExportedKind>("exported") as unknown as Tuple<ExportedKind>;

/** The workspace's panels: the overview, then each entry kind's. */
export const PANELS = ["overview", ...ENTRY_KINDS.map((kind) => KINDS[kind].panel)] as unknown as readonly ["overview", ...EntryPanel[]];
export type Panel = "overview" | EntryPanel;

export const isTrackedKind = (value: unknown): value is TrackedKind => typeof value === "string" && Object.hasOwn(KINDS, value);
export const isEntryKind = (value: unknown): value is EntryKind => isTrackedKind(value) && KINDS[value].entry;
export const isLinkableKind = (value: unknown): value is LinkableKind => isTrackedKind(value) && KINDS[value].linkable;

/** The entry kind a panel lists (null for the overview). */
export const kindOfPanel = (panel: Panel): EntryKind | null => ENTRY_KINDS.find((kind) => KINDS[kind].panel === panel) ?? null;

/** How a revision of a kind reads in a sentence, where it has its own wording. */
export const sentenceOf = (kind: TrackedKind): KindInfo["sentence"] => (KINDS[kind] as KindInfo).sentence;

/** "Timeline event": a kind named on its own (link pickers, labels). */
export const kindTitle = (kind: TrackedKind) => KINDS[kind].noun.charAt(0).toUpperCase() + KINDS[kind].noun.slice(1);

/** The pages to refresh after a change of a kind's record on a story: the story's, and where else it shows. */
export const pagesShowing = (kind: TrackedKind, storyId: string): Revalidation[] => [`/stories/${storyId}`, ...((KINDS[kind] as KindInfo).shownIn ?? [])];

/** The live workspace with one entry in focus (a notification, a follow-up's "About"). */
export function entryHref(storyId: string, kind: string, entryId: string): string {
  const story = `/stories/${encodeURIComponent(storyId)}`;
  const panel = isTrackedKind(kind) ? KINDS[kind].panel : null;
  return panel ? `${story}?${new URLSearchParams({ tab: panel, focus: entryId })}` : story;
}
