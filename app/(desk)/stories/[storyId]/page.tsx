import type { Metadata } from "next";
import { loadOr404, requirePageUser } from "@/lib/pages";
import { getStory } from "@/lib/server/stories";
import { listMembers } from "@/lib/server/members";
import { listStoryRevisions, storyChainHead } from "@/lib/server/revisions";
import { StatusBadge } from "@/components/story/status-badge";
import { StoryEditForm } from "@/components/story/story-edit-form";
import { MembersPanel } from "@/components/story/members-panel";
import { RecentRevisions } from "@/components/story/recent-revisions";
import { MEMBER_ROLE_LABELS } from "@/lib/validations/member";

type Props = { params: Promise<{ storyId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { storyId } = await params;
  const user = await requirePageUser();
  const { story } = await loadOr404(() => getStory(user, storyId));
  return { title: story.title };
}

export default async function StoryPage({ params }: Props) {
  const { storyId } = await params;
  const user = await requirePageUser();
  const { story, access } = await loadOr404(() => getStory(user, storyId));
  const [members, revisions, headHash] = await Promise.all([
    listMembers(user, storyId),
    listStoryRevisions(user, storyId, { take: 15 }),
    storyChainHead(user, storyId),
  ]);
  const canEdit = access.role !== "reader";
  const canManage = access.role === "lead";

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
      <div className="flex flex-col gap-4">
        <header className="flex flex-col gap-1">
          <div className="flex items-center gap-2 text-xs text-slate-500">
            <StatusBadge status={story.status} />
            <span>
              Your role: {MEMBER_ROLE_LABELS[access.role]}
              {access.isMember ? "" : " (admin)"}
            </span>
          </div>
          <h1 className="text-2xl font-semibold">{story.title}</h1>
          {story.summary ? <p className="whitespace-pre-wrap text-sm text-slate-700">{story.summary}</p> : null}
          <p className="text-xs text-slate-500">Opened by {story.createdBy.name}</p>
        </header>
        {canEdit ? (
          <section aria-labelledby="edit-heading" className="rounded border border-slate-200 bg-white p-3">
            <h2 id="edit-heading" className="mb-2 text-sm font-semibold">
              Edit story
            </h2>
            <StoryEditForm story={story} />
          </section>
        ) : (
          <p className="rounded border border-slate-200 bg-white p-3 text-sm text-slate-600">
            You are a reader on this story: you can see everything, and a lead can give you edit rights.
          </p>
        )}
      </div>
      <aside className="flex flex-col gap-4">
        <MembersPanel
          storyId={story.id}
          canManage={canManage}
          members={members.map((member) => ({
            id: member.id,
            role: member.role,
            name: member.user.name,
            email: member.user.email,
            disabled: Boolean(member.user.disabledAt),
          }))}
        />
        <RecentRevisions revisions={revisions} headHash={headHash} />
      </aside>
    </div>
  );
}
