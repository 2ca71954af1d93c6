import { pagesShowing, type TrackedKind } from "@/lib/entry-kinds/kinds";
import type { ActionOptions } from "./define-action";

// What an action refreshes after it succeeded, for the actions that share it.

/** The story's pages (its workspace and what hangs off it). */
export const storyPage: ActionOptions<{ storyId: string }, unknown> = { revalidate: (input) => [`/stories/${input.storyId}`] };

/** Wherever a record of this kind shows (the registry says: its story, and e.g. My follow-ups). */
export const pagesOf = (kind: TrackedKind): ActionOptions<{ storyId: string }, unknown> => ({ revalidate: (input) => pagesShowing(kind, input.storyId) });
