import Link from "next/link";
import { toLocalInput } from "@/lib/time-zone";

const control = "h-8 rounded border border-slate-300 bg-white px-2 text-sm";

/** Quick picks a desk asks for: "what did we know yesterday at 18:00?" */
export function quickMoments(timeZone: string, now = new Date()): { label: string; at: string }[] {
  const today = toLocalInput(now, timeZone).slice(0, 10);
  const yesterday = toLocalInput(new Date(now.getTime() - 86_400_000), timeZone).slice(0, 10);
  return [
    { label: "This morning, 09:00", at: `${today}T09:00` },
    { label: "Yesterday, 18:00", at: `${yesterday}T18:00` },
    { label: "24 hours ago", at: toLocalInput(new Date(now.getTime() - 86_400_000), timeZone) },
  ];
}

/** Pick a moment (in the reader's zone) to see the story as it stood: a GET form. */
export function MomentForm({ storyId, value, timeZone, tab }: { storyId: string; value?: string; timeZone: string; tab?: string }) {
  return (
    <div className="flex flex-wrap items-end gap-3 text-sm">
      <form method="get" action={`/stories/${storyId}/as-of`} aria-label="Choose a moment" className="flex items-end gap-2">
        {tab && tab !== "overview" ? <input type="hidden" name="tab" value={tab} /> : null}
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600">Moment ({timeZone})</span>
          <input type="datetime-local" name="at" required defaultValue={value ?? ""} className={control} />
        </label>
        <button type="submit" className="h-8 rounded bg-slate-900 px-3 font-medium text-white hover:bg-slate-700">
          Travel
        </button>
      </form>
      <span className="flex flex-wrap gap-2 text-xs">
        {quickMoments(timeZone).map((moment) => (
          <Link key={moment.label} href={`/stories/${storyId}/as-of?at=${moment.at}${tab && tab !== "overview" ? `&tab=${tab}` : ""}`} className="text-blue-700 hover:underline">
            {moment.label}
          </Link>
        ))}
      </span>
    </div>
  );
}
