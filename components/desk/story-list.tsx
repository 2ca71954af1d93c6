import Link from "next/link";
import type { StoryListItem } from "@/lib/server/stories";
import { MEMBER_ROLE_LABELS, type MemberRoleValue } from "@/lib/validations/member";
import { StatusBadge } from "@/components/story/status-badge";
import { RelativeTime } from "@/components/ui/time";

export function StoryList({ stories, canCreate }: { stories: StoryListItem[]; canCreate: boolean }) {
  if (stories.length === 0) {
    return (
      <div className="rounded border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-600">
        <p className="font-medium text-slate-800">No stories on your desk yet.</p>
        <p>
          {canCreate
            ? "Open a story with the form above; you become its lead and can add the team."
            : "An editor adds you to a story when you are on it. It will appear here."}
        </p>
      </div>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse overflow-hidden rounded border border-slate-200 bg-white text-sm">
        <caption className="sr-only">Stories you can see</caption>
        <thead className="whitespace-nowrap bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Story</th>
            <th scope="col" className="px-3 py-2 font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">My role</th>
            <th scope="col" className="px-3 py-2 font-medium">Team</th>
            <th scope="col" className="px-3 py-2 font-medium">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {stories.map((story) => (
            <tr key={story.id} className="border-t border-slate-100 hover:bg-slate-50">
              <td className="px-3 py-2">
                <Link href={`/stories/${story.id}`} className="font-medium text-slate-900 hover:underline" dir="auto">
                  {story.title}
                </Link>
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={story.status} />
              </td>
              <td className="px-3 py-2 text-slate-600">
                {story.myRole ? MEMBER_ROLE_LABELS[story.myRole as MemberRoleValue] : "Admin view"}
              </td>
              <td className="px-3 py-2 text-slate-600">{story.memberCount}</td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600">
                <RelativeTime date={story.lastActivityAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
