import type { SessionUser, StoryAccess } from "@/lib/server/access";
import { listMembers } from "@/lib/server/members";
import { listHistory } from "@/lib/server/history/feed";
import { historyFiltersSchema } from "@/lib/validations/history";
import { MembersPanel } from "./members-panel";
import { RecentRevisions } from "./recent-revisions";

/**
 * The story page's side panel, Team and Recent changes: not needed for the first view, so the
 * page streams it after the panel (its own Suspense boundary) instead of holding the whole page
 * for its two queries (issue 16 part 2).
 */
export async function StorySide({ user, access, timeZone }: { user: SessionUser; access: StoryAccess; timeZone: string }) {
  const { storyId } = access;
  const [members, recent] = await Promise.all([listMembers(user, storyId), listHistory(user, storyId, historyFiltersSchema.parse({}), timeZone, { take: 12, people: false })]);
  return (
    <>
      <MembersPanel
        storyId={storyId}
        canManage={access.role === "lead"}
        members={members.map((member) => ({ id: member.id, role: member.role, name: member.user.name, disabled: Boolean(member.user.disabledAt) }))}
      />
      <RecentRevisions storyId={storyId} revisions={recent.items} headHash={recent.head.hash} timeZone={timeZone} />
    </>
  );
}

/** What the side panel shows while it streams in. */
export function StorySideLoading() {
  return (
    <p role="status" className="rounded border border-slate-200 bg-white p-3 text-xs text-slate-500">
      Loading the team and recent changes…
    </p>
  );
}
