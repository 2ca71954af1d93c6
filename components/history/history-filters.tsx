import Link from "next/link";
import { KINDS, TRACKED_KINDS } from "@/lib/entry-kinds/kinds";
import { REVISION_ACTION_LABELS, type HistoryFilters } from "@/lib/validations/history";
import { optionsOf } from "@/components/ui/field";
import { FilterSelect } from "@/components/ui/filter-select";

const control = "h-8 rounded border border-slate-300 bg-white px-2 text-sm";

/** The feed's filters as a plain GET form: works without JavaScript, and every filter is a URL. */
export function HistoryFilterForm({ storyId, filters, people }: { storyId: string; filters: HistoryFilters; people: { id: string; name: string }[] }) {
  return (
    <form method="get" action={`/stories/${storyId}/history`} aria-label="Filter history" className="flex flex-wrap items-end gap-2 text-sm">
      <FilterSelect label="Kind" name="type" defaultValue={filters.type ?? ""} all="All kinds" options={TRACKED_KINDS.map((kind) => ({ value: kind, label: KINDS[kind].heading }))} />
      <FilterSelect label="Person" name="actor" defaultValue={filters.actor ?? ""} all="Everyone" options={people.map((person) => ({ value: person.id, label: person.name }))} />
      <FilterSelect label="Action" name="action" defaultValue={filters.action ?? ""} all="Any action" options={optionsOf(REVISION_ACTION_LABELS)} />
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-slate-600">From</span>
        <input type="datetime-local" name="from" defaultValue={filters.from ?? ""} className={control} />
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-slate-600">To</span>
        <input type="datetime-local" name="to" defaultValue={filters.to ?? ""} className={control} />
      </label>
      <button type="submit" className="h-8 rounded bg-slate-900 px-3 font-medium text-white hover:bg-slate-700">
        Apply
      </button>
      <Link href={`/stories/${storyId}/history`} className="h-8 px-2 leading-8 text-slate-600 hover:underline">
        Clear
      </Link>
    </form>
  );
}
