import type { Metadata } from "next";
import { requirePageUser } from "@/lib/pages";
import { listStories } from "@/lib/server/stories";
import { StoryList } from "@/components/desk/story-list";
import { CreateStoryForm } from "@/components/desk/create-story-form";

export const metadata: Metadata = { title: "Desk" };

export default async function DeskPage() {
  const user = await requirePageUser();
  const stories = await listStories(user);
  const canCreate = user.role !== "reporter";
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <section aria-labelledby="stories-heading" className="flex flex-col gap-3">
        <h1 id="stories-heading" className="text-xl font-semibold">
          Stories
        </h1>
        <StoryList stories={stories} canCreate={canCreate} />
      </section>
      {canCreate ? (
        <aside>
          <CreateStoryForm />
        </aside>
      ) : null}
    </div>
  );
}
