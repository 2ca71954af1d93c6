import type { Metadata } from "next";
import { type SearchParams, pageTimeZone, queryOf, requirePageUser } from "@/lib/pages";
import { myFollowUps } from "@/lib/server/follow-ups/mine";
import { FOLLOW_UP_RESPONSE_LABELS, myFollowUpFiltersSchema } from "@/lib/validations/follow-ups";
import { MyFollowUpsList } from "@/components/follow-ups/my-follow-ups";
import { optionsOf } from "@/components/ui/field";
import { FilterSelect } from "@/components/ui/filter-select";

export const metadata: Metadata = { title: "My follow-ups" };

const SCOPES = [
  { value: "mine", label: "Assigned to me" },
  { value: "assigned_by_me", label: "Assigned by me to others" },
];

export default async function MyFollowUpsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser();
  const query = queryOf(await searchParams);
  const filters = myFollowUpFiltersSchema.parse(query);
  const timeZone = await pageTimeZone();
  const data = await myFollowUps(user, filters, timeZone);
  const filtered = Boolean(filters.story || filters.q || filters.response);
  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-col gap-1">
        <h1 className="text-xl font-semibold">{filters.scope === "assigned_by_me" ? "Follow-ups I assigned" : "My follow-ups"}</h1>
        <p className="text-sm text-slate-600">Across every story you are on. Times in {timeZone}.</p>
      </header>
      <form method="get" role="search" aria-label="Filter follow-ups" className="flex flex-wrap items-end gap-2 text-sm">
        <FilterSelect label="Show" name="scope" defaultValue={filters.scope} options={SCOPES} />
        <FilterSelect label="Story" name="story" defaultValue={filters.story ?? ""} all="All my stories" options={data.stories.map((story) => ({ value: story.id, label: story.title }))} className="max-w-64" />
        <FilterSelect label="Answer" name="response" defaultValue={filters.response ?? ""} all="Any" options={optionsOf(FOLLOW_UP_RESPONSE_LABELS)} />
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600">Search</span>
          <input type="search" name="q" defaultValue={filters.q ?? ""} className="h-8 w-48 rounded border border-slate-300 px-2" />
        </label>
        <button type="submit" className="h-8 rounded border border-slate-300 bg-white px-3 font-medium hover:bg-slate-50">
          Apply
        </button>
      </form>
      <MyFollowUpsList data={data} userId={user.id} timeZone={timeZone} filtered={filtered} />
    </div>
  );
}
