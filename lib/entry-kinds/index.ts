import "server-only";
import { ENTRY_KINDS, type EntryKind, type TrackedKind } from "./kinds";
import { claimKind } from "./claim";
import { commentKind } from "./comment";
import { documentKind } from "./document";
import { followUpKind } from "./follow-up";
import { memberKind } from "./member";
import { questionKind } from "./question";
import { quoteKind } from "./quote";
import { sourceKind } from "./source";
import { storyKind } from "./story";
import { timelineEventKind } from "./timeline-event";
import type { EntryModule, FieldSpec, KindModule } from "./types";

// The registry: each tracked kind's module, by the key kinds.ts gives it. Adding a kind of
// entry: its line in kinds.ts, its module here, a migration (table, the ledger trigger, the
// CHECKs naming kinds), and its UI (components/<noun>/, components/workspace/panels.tsx).

export const KIND_MODULES = {
  story: storyKind,
  member: memberKind,
  source: sourceKind,
  quote: quoteKind,
  question: questionKind,
  timeline_event: timelineEventKind,
  follow_up: followUpKind,
  document: documentKind,
  claim: claimKind,
  comment: commentKind,
} satisfies { [K in TrackedKind]: KindModule & { kind: K } };

type Modules = typeof KIND_MODULES;
/** What an entry kind's panel shows for one entry (its module's view). */
export type ViewOf<K extends EntryKind> = Modules[K] extends EntryModule<infer View> ? View : never;

export const entryModule = <K extends EntryKind>(kind: K): EntryModule<ViewOf<K>> => KIND_MODULES[kind] as unknown as EntryModule<ViewOf<K>>;

/** Every entry kind's module, in the registry's order. */
export const ENTRY_MODULES: readonly EntryModule[] = ENTRY_KINDS.map((kind) => KIND_MODULES[kind] as EntryModule);

/** The field a changed column is shown under (a moment's precision and a link's kind belong to their field). */
export function fieldOfColumn(kind: TrackedKind, column: string): FieldSpec | undefined {
  return KIND_MODULES[kind].fields.find(
    (spec) => spec.key === column || (spec.type === "moment" && (spec.precisionKey === column || spec.untilKey === column)) || (spec.type === "entry" && spec.kindKey === column),
  );
}
