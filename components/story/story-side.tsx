import "server-only";
import { formatDistanceStrict } from "date-fns";
import type { SessionUser } from "@/lib/server/access";
import { storyAccessFor } from "@/lib/server/access";
import { listMembers } from "@/lib/server/members";
import { listHistory, type FeedItem } from "@/lib/server/history/feed";
import { historyFiltersSchema } from "@/lib/validations/history";
import { formatMoment } from "@/lib/time-zone";
import { describeRevision, historyHref } from "@/components/history/describe";
import type { MemberRow } from "./members-panel";
import type { RevisionLine } from "./revision-lines";

/** What the story page's side panel shows (Team, Recent changes), as data for `StorySide`. */
export type StorySideData = {
  /** A lead's "Manage team". */
  canManage: boolean;
  members: MemberRow[];
  /** The story's twelve latest revisions, said in words. */
  lines: RevisionLine[];
  /** Its chain head's hash (to compare with a printed copy). */
  headHash: string | null;
};

function revisionLine(storyId: string, revision: FeedItem, timeZone: string, now: Date): RevisionLine {
  const { verb, kind, detail } = describeRevision(revision);
  return {
    seq: revision.seq,
    who: revision.actorName,
    what: `${verb} ${kind}`,
    href: historyHref(storyId, revision.entityType, revision.entityId),
    label: revision.label,
    ...(detail ? { detail } : {}),
    at: [revision.at.toISOString(), formatMoment(revision.at, timeZone, "second"), formatDistanceStrict(revision.at, now, { addSuffix: true })],
    ...(revision.reason ? { reason: revision.reason } : {}),
  };
}

/**
 * The side panel's data for this reader (`GET /api/stories/:id/side`): the team and the latest
 * revisions, each read through the story's access check (a reader at least; a story the user may
 * not see is NOT_FOUND). Not part of the story page's render: the page's `StorySide` asks for it
 * once the browser is idle, and again when the story's chain moves on (issue 16 part 2).
 */
export async function storySideData(user: SessionUser, storyId: string, timeZone: string): Promise<StorySideData> {
  const access = await storyAccessFor(user, storyId, "reader");
  const [members, recent] = await Promise.all([
    listMembers(user, access.storyId),
    listHistory(user, access.storyId, historyFiltersSchema.parse({}), timeZone, { take: 12, people: false }),
  ]);
  const now = new Date();
  return {
    canManage: access.role === "lead",
    members: members.map((member) => ({ id: member.id, role: member.role, name: member.user.name, disabled: Boolean(member.user.disabledAt) })),
    lines: recent.items.map((revision) => revisionLine(access.storyId, revision, timeZone, now)),
    headHash: recent.head.hash,
  };
}
