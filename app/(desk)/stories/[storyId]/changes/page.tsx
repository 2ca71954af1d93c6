import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404, storyPageRequest, type StoryPageProps } from "@/lib/pages";
import { compareMoments, COMPARE_LIMIT } from "@/lib/server/history/compare";
import { getStory } from "@/lib/server/stories";
import { formatMoment, toLocalInput } from "@/lib/time-zone";
import { compareParamsSchema } from "@/lib/validations/history";
import { historyHref } from "@/components/history/describe";
import { FieldChanges } from "@/components/history/field-changes";
import { quickMoments } from "@/components/history/moment-form";
import { StepThrough } from "@/components/history/step-through";
import { StoryNav } from "@/components/history/story-nav";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/workspace/empty-state";
import { UserText } from "@/components/ui/user-text";

export const metadata: Metadata = { title: "What changed" };

const STATUS = { added: { label: "Added", tone: "green" }, changed: { label: "Changed", tone: "amber" }, removed: { label: "Removed", tone: "red" } } as const;
const control = "h-8 rounded border border-slate-300 bg-white px-2 text-sm";

export default async function ChangesPage(props: StoryPageProps) {
  const { user, storyId, query, timeZone } = await storyPageRequest(props);
  const input = compareParamsSchema.parse(query);
  const { story, access } = await loadOr404(() => getStory(user, storyId));
  const from = input.fromRev !== undefined ? { rev: input.fromRev } : input.from ? { at: input.from } : { at: quickMoments(timeZone)[2]!.at };
  const to = input.toRev !== undefined ? { rev: input.toRev } : input.to ? { at: input.to } : {};
  const comparison = await loadOr404(() => compareMoments(user, storyId, { from, to }, timeZone));
  // Each change's position in the whole comparison, for stepping through them in order.
  const offsets = comparison.groups.map((_, at) => comparison.groups.slice(0, at).reduce((sum, group) => sum + group.entries.length, 0));

  return (
    <div className="flex flex-col gap-4">
      <StoryNav storyId={story.id} storyTitle={story.title} active="changes" title="What changed" canAudit={access.role === "lead"}>
        <p className="text-sm text-slate-600">
          From <strong>{formatMoment(comparison.from.at, timeZone)}</strong> (after revision #{comparison.from.seq}) to{" "}
          <strong>{comparison.to.now ? "now" : formatMoment(comparison.to.at, timeZone)}</strong> (revision #{comparison.to.seq}):{" "}
          {comparison.total === 1 ? "1 entry" : `${comparison.total} entries`} added, changed or removed.
        </p>
      </StoryNav>
      <form method="get" aria-label="Compare two moments" className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600">From ({timeZone})</span>
          <input type="datetime-local" name="from" defaultValue={toLocalInput(comparison.from.at, timeZone)} className={control} required />
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600">To (empty: now)</span>
          <input type="datetime-local" name="to" defaultValue={comparison.to.now ? "" : toLocalInput(comparison.to.at, timeZone)} className={control} />
        </label>
        <button type="submit" className="h-8 rounded bg-slate-900 px-3 font-medium text-white hover:bg-slate-700">
          Compare
        </button>
        <span className="flex gap-2 text-xs">
          {quickMoments(timeZone).map((moment) => (
            <Link key={moment.label} href={`/stories/${story.id}/changes?from=${moment.at}`} className="text-blue-700 hover:underline">
              Since {moment.label.toLowerCase()}
            </Link>
          ))}
        </span>
      </form>
      <StepThrough total={comparison.total} />
      {comparison.total === 0 ? (
        <EmptyState title="Nothing changed between these moments.">Pick an earlier starting moment to see more.</EmptyState>
      ) : null}
      {comparison.groups.map((group, groupIndex) => (
        <section key={group.entityType} aria-labelledby={`group-${group.entityType}`} className="flex flex-col gap-2">
          <h2 id={`group-${group.entityType}`} className="text-sm font-semibold text-slate-700">
            {group.title} · {group.entries.length}
          </h2>
          <ol className="flex flex-col gap-2">
            {group.entries.map((entry, entryIndex) => {
              const index = offsets[groupIndex]! + entryIndex + 1;
              const status = STATUS[entry.status];
              return (
                <li key={entry.entityId}>
                  <article
                    id={`change-${index}`}
                    tabIndex={-1}
                    aria-label={`${status.label}: ${entry.label}`}
                    className="rounded border border-slate-200 bg-white p-3 focus:outline-2 focus:outline-blue-600"
                  >
                    <header className="flex flex-wrap items-baseline gap-2 text-sm">
                      <Badge tone={status.tone}>{status.label}</Badge>
                      <Link href={historyHref(story.id, entry.entityType, entry.entityId)} className="font-medium hover:underline">
                        <UserText text={entry.label} />
                      </Link>
                      <span className="text-xs text-slate-500">
                        by {entry.actors.join(", ")} · {entry.revisions === 1 ? "1 revision" : `${entry.revisions} revisions`} · last{" "}
                        {formatMoment(entry.lastAt, timeZone)}
                      </span>
                    </header>
                    {entry.reasons.length ? <p className="mt-1 text-sm text-slate-700">Reason: {entry.reasons.join("; ")}</p> : null}
                    <FieldChanges changes={entry.changes} created={entry.status === "added"} />
                  </article>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
      {comparison.truncated ? (
        <p className="text-sm text-slate-600">Showing the {COMPARE_LIMIT} most recently changed entries; narrow the time range to see the rest.</p>
      ) : null}
    </div>
  );
}
