import type { CommentView, ThreadView } from "@/lib/server/comments";
import type { MentionableMember } from "@/lib/server/notifications/mentions";
import type { CommentableKind } from "@/lib/entry-kinds/kinds";
import { UNREACHABLE } from "@/components/ui/unreachable";

// A thread as the route sends it (JSON: dates are ISO strings).

export type CommentJson = Omit<CommentView, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string };
export type ThreadJson = Omit<ThreadView, "comments" | "resolvedBy"> & {
  comments: CommentJson[];
  resolvedBy: { name: string; at: string } | null;
};
export type ThreadData = { thread: ThreadJson; members: MentionableMember[]; me: string };

export type CommentThreadProps = {
  storyId: string;
  entityType: CommentableKind;
  entityId: string;
  /** How the entry is named to this reader (for the button's accessible name). */
  label: string;
  /** From `threadCounts` (server-rendered), shown until the thread is loaded. */
  initialCount: ThreadCount;
  /** May this user comment and resolve (contributor or above)? */
  canWrite: boolean;
};
export type ThreadCount = { open: number; total: number };

/** An entry's label, short enough for a button's accessible name. */
export const short = (label: string) => (label.length > 60 ? `${label.slice(0, 59).trimEnd()}…` : label);

export type ThreadRef = { storyId: string; entityType: CommentableKind; entityId: string };

/** The thread and who can be mentioned, from GET /api/stories/<id>/comments. */
export async function fetchThread(ref: ThreadRef, signal?: AbortSignal): Promise<ThreadData> {
  const query = new URLSearchParams({ entityType: ref.entityType, entityId: ref.entityId });
  let response: Response;
  try {
    response = await fetch(`/api/stories/${encodeURIComponent(ref.storyId)}/comments?${query}`, { cache: "no-store", signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(UNREACHABLE);
  }
  const body = (await response.json().catch(() => null)) as { ok: true; data: ThreadData } | { ok: false; message: string } | null;
  if (!body) throw new Error("Could not load the comments. Please try again.");
  if (!body.ok) throw new Error(body.message);
  return body.data;
}
