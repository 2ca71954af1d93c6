import type { SessionUser, StoryAccess } from "@/lib/server/access";
import { commentForFollowUp } from "@/lib/server/comments";
import { followUpFormOptions, mayChangeFollowUp } from "@/lib/server/follow-ups/form";
import { listFollowUps } from "@/lib/server/follow-ups/read";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import { isLinkableKind } from "@/lib/entry-kinds/kinds";
import { FOLLOW_UP_RESPONSE_LABELS, FOLLOW_UP_STATUS_LABELS, followUpFiltersSchema, followUpLink, type FollowUpFilters } from "@/lib/validations/follow-ups";
import type { PanelProps } from "@/components/workspace/panel-props";
import { optionsOf } from "@/components/ui/field";
import { EmptyState } from "@/components/workspace/empty-state";
import { loadEntryExtras } from "@/components/workspace/entry-extras";
import { EntryList } from "@/components/workspace/entry-list";
import { FilterBar } from "@/components/workspace/filter-bar";
import { Pagination } from "@/components/workspace/pagination";
import { QuickAdd } from "@/components/workspace/quick-add";
import { FollowUpActions } from "./follow-up-actions";
import { FollowUpForm, type FollowUpPrefill } from "./follow-up-form";
import { FollowUpSummary } from "./follow-up-summary";

const firstLine = (text: string) => {
  const line = text.split("\n")[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
};

/** A new follow-up's prefill from the URL: "Assign follow-up" on an entry, or a comment. */
async function prefillOf(user: SessionUser, access: StoryAccess, filters: FollowUpFilters): Promise<FollowUpPrefill | undefined> {
  if (filters.fromComment) {
    const comment = await commentForFollowUp(user, access.storyId, filters.fromComment).catch(() => null);
    if (comment) {
      const linkable = isLinkableKind(comment.entityType);
      return { title: firstLine(comment.body), details: comment.body, link: linkable ? `${comment.entityType}:${comment.entityId}` : undefined, fromCommentId: filters.fromComment };
    }
  }
  // The same parser as the form's: a malformed link in the URL prefills nothing.
  const link = filters.link ? followUpLink.safeParse(filters.link) : null;
  return link?.success && link.data ? { link: `${link.data.kind}:${link.data.id}` } : undefined;
}

/** How a follow-up is named to assistive technology, live and as of a moment. */
export const followUpLabel = (followUp: FollowUpView) => `follow-up ${followUp.title}`;

export async function FollowUpsPanel({ user, access, params, timeZone }: PanelProps) {
  const filters = followUpFiltersSchema.parse(params);
  const canWrite = access.role !== "reader";
  const [page, options, prefill] = await Promise.all([
    listFollowUps(user, access.storyId, filters, timeZone),
    followUpFormOptions(access),
    canWrite ? prefillOf(user, access, filters) : undefined,
  ]);
  const entryExtras = await loadEntryExtras(access, "follow_up", page.items.map((item) => item.id), timeZone);
  const filtered = Boolean(filters.q || filters.status !== "open" || filters.assignee || filters.response || filters.due || filters.focus);
  const form = (followUp?: FollowUpView, initial?: FollowUpPrefill) => (
    <FollowUpForm storyId={access.storyId} followUp={followUp} assignees={options.assignees} links={options.links} currentUserId={user.id} prefill={initial} />
  );
  return (
    <section aria-label="Follow-ups" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <FilterBar
          searchLabel="Search follow-ups"
          filters={[
            { name: "status", label: "Status", allLabel: "Open", options: [{ value: "all", label: "Any status" }, ...optionsOf(FOLLOW_UP_STATUS_LABELS)] },
            { name: "assignee", label: "Assignee", options: [{ value: "me", label: "Me" }] },
            { name: "response", label: "Answer", options: optionsOf(FOLLOW_UP_RESPONSE_LABELS) },
            { name: "due", label: "Due", options: [{ value: "overdue", label: "Overdue" }, { value: "today", label: "Today" }, { value: "week", label: "Next 7 days" }, { value: "none", label: "No due time" }] },
          ]}
          sorts={[{ value: "due", label: "Open first, soonest due" }]}
        />
        {canWrite && !filters.deleted ? (
          // Opened at once when it arrives prefilled ("Assign follow-up" on an entry, a comment).
          <QuickAdd key={prefill ? JSON.stringify(prefill) : "new"} label="New follow-up" defaultOpen={Boolean(prefill)}>
            {form(undefined, prefill)}
          </QuickAdd>
        ) : null}
      </div>
      {page.items.length === 0 ? (
        <EmptyState title={filters.deleted ? "No deleted follow-ups." : filtered ? "No follow-up matches these filters." : "Nobody is chasing anything yet."}>
          {filters.deleted || filtered
            ? "Clear the filters to see every open follow-up."
            : canWrite
              ? "Assign who calls whom, by when: press N or “New follow-up”, or “Assign follow-up” on any question, source or quote."
              : "Follow-ups appear here when the desk assigns them."}
        </EmptyState>
      ) : (
        <EntryList
          items={page.items}
          storyId={access.storyId}
          kind="follow_up"
          canWrite={canWrite}
          canEdit={(followUp) => mayChangeFollowUp(access, followUp)}
          labelOf={followUpLabel}
          formOf={(followUp) => form(followUp)}
          summaryOf={(followUp) => <FollowUpSummary followUp={followUp} storyId={access.storyId} timeZone={timeZone} />}
          actionsOf={(followUp) =>
            followUp.deletedAt ? null : (
              <FollowUpActions
                storyId={access.storyId}
                followUp={followUp}
                isAssignee={followUp.assigneeId === user.id}
                mayChange={mayChangeFollowUp(access, followUp)}
              />
            )
          }
          extras={entryExtras}
        />
      )}
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} params={params} />
    </section>
  );
}
