import type { Metadata } from "next";
import { pageTimeZone, requirePageUser } from "@/lib/pages";
import { myFollowUps } from "@/lib/server/follow-ups/mine";
import { myFollowUpFiltersSchema } from "@/lib/validations/follow-ups";
import { DeskFollowUps } from "@/components/follow-ups/desk-follow-ups";
import { listStories } from "@/lib/server/stories";
import { StoryList } from "@/components/desk/story-list";
import { CreateStoryForm } from "@/components/desk/create-story-form";
import { LiveDesk } from "@/components/live/live-story";

export const metadata: Metadata = { title: "Desk" };

export default async function DeskPage() {
  const user = await requirePageUser();
  const timeZone = await pageTimeZone();
  const [stories, followUps] = await Promise.all([listStories(user), myFollowUps(user, myFollowUpFiltersSchema.parse({}), timeZone)]);
  const canCreate = user.role !== "reporter";
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <LiveDesk />
      <section aria-labelledby="stories-heading" className="flex min-w-0 flex-col gap-3">
        <h1 id="stories-heading" className="text-xl font-semibold">
          Stories
        </h1>
        <StoryList stories={stories} canCreate={canCreate} />
      </section>
      <aside className="flex min-w-0 flex-col gap-4">
        <DeskFollowUps data={followUps} timeZone={timeZone} />
        {canCreate ? <CreateStoryForm /> : null}
      </aside>
    </div>
  );
}
