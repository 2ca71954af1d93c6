import type { Metadata } from "next";
import Link from "next/link";
import { AppError } from "@/lib/errors";
import { loadOr404, requirePageUser } from "@/lib/pages";
import { listSensitiveReads } from "@/lib/server/audit";
import { getStory } from "@/lib/server/stories";
import { SENSITIVE_READS_EXPLAINED, SensitiveReadsTable } from "@/components/admin/sensitive-reads-table";

export const metadata: Metadata = { title: "Sensitive reads and exports" };

type Props = { params: Promise<{ storyId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function StoryAuditPage({ params, searchParams }: Props) {
  const [{ storyId }, { page }] = await Promise.all([params, searchParams]);
  const user = await requirePageUser();
  // Not a member (nor an admin): 404, like a story that does not exist.
  const { story } = await loadOr404(() => getStory(user, storyId));
  // A member below lead may know the story exists: tell them why they cannot see this.
  const reads = await loadOr404(() =>
    listSensitiveReads(user, { storyId: story.id, page: typeof page === "string" ? page : undefined }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "FORBIDDEN") return null;
      throw error;
    }),
  );

  return (
    <section aria-labelledby="story-audit-heading" className="flex flex-col gap-3">
      <Link href={`/stories/${story.id}`} className="text-sm text-slate-600 hover:underline">
        ← Back to {story.title}
      </Link>
      <h1 id="story-audit-heading" className="text-xl font-semibold">
        Sensitive reads and exports
      </h1>
      {reads ? (
        <>
          <p className="text-sm text-slate-600">{SENSITIVE_READS_EXPLAINED} Newest first.</p>
          <SensitiveReadsTable reads={reads} caption={`Sensitive reads and exports of ${story.title}`} showStory={false} />
        </>
      ) : (
        <div role="alert" className="rounded border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          <p className="font-medium">Only the story&apos;s leads can see this.</p>
          <p className="mt-1">
            This record shows who revealed protected source details or exported the dossier. Ask a lead of the story if you need to know.
          </p>
        </div>
      )}
    </section>
  );
}
