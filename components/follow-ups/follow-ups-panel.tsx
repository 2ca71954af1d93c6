import type { SessionUser, StoryAccess } from "@/lib/server/access";
import { commentForFollowUp } from "@/lib/server/comments";
import { mayChangeFollowUp } from "@/lib/server/follow-ups/form";
import { listFollowUps } from "@/lib/server/follow-ups/read";
import type { FollowUpView } from "@/lib/entry-kinds/follow-up";
import { isLinkableKind } from "@/lib/entry-kinds/kinds";
import { FOLLOW_UP_RESPONSE_LABELS, FOLLOW_UP_STATUS_LABELS, followUpFiltersSchema, followUpLink, type FollowUpFilters } from "@/lib/validations/follow-ups";
import type { PanelProps } from "@/components/workspace/panel-props";
import { optionsOf } from "@/components/ui/field";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { panelExtras } from "@/components/workspace/entry-extras";
import { QuickAdd } from "@/components/workspace/quick-add";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";
import { rowsOf } from "@/components/workspace/entry-list";
import type { FollowUpPrefill } from "./follow-up-form";
import { FollowUpRows } from "./follow-up-row";
import { followUpRow } from "./follow-up-summary";

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

const FILTERS = [
  { name: "status", label: "Status", allLabel: "Open", options: [{ value: "all", label: "Any status" }, ...optionsOf(FOLLOW_UP_STATUS_LABELS)] },
  { name: "assignee", label: "Assignee", options: [{ value: "me", label: "Me" }] },
  { name: "response", label: "Answer", options: optionsOf(FOLLOW_UP_RESPONSE_LABELS) },
  { name: "due", label: "Due", options: [{ value: "overdue", label: "Overdue" }, { value: "today", label: "Today" }, { value: "week", label: "Next 7 days" }, { value: "none", label: "No due time" }] },
];

/** How a follow-up is named to assistive technology, live and as of a moment. */
export const followUpLabel = (followUp: FollowUpView) => `follow-up ${followUp.title}`;

export async function FollowUpsPanel(props: PanelProps) {
  const { user, access, timeZone } = props;
  const filters = followUpFiltersSchema.parse(props.params);
  const extras = panelExtras(access, "follow_up", timeZone);
  const [page, prefill] = await Promise.all([listFollowUps(user, access.storyId, filters, timeZone, extras.beside), access.role !== "reader" ? prefillOf(user, access, filters) : undefined]);
  const mayChange = (followUp: FollowUpView) => mayChangeFollowUp(access, followUp);
  return (
    <EntryPanelFrame
      kind="follow_up"
      extras={extras}
      panel={props}
      page={page}
      filters={FILTERS}
      // Opened at once when it arrives prefilled ("Assign follow-up" on an entry, a comment).
      create={
        <QuickAdd key={prefill ? JSON.stringify(prefill) : "new"} label="New follow-up" defaultOpen={Boolean(prefill)}>
          <LazyNewForm storyId={access.storyId} kind="follow_up" extras={{ prefill }} />
        </QuickAdd>
      }
      empty={{
        title: "Nobody is chasing anything yet.",
        write: "Assign who calls whom, by when: press N or “New follow-up”, or “Assign follow-up” on any question, source or quote.",
        read: "Follow-ups appear here when the desk assigns them.",
      }}
      canEdit={mayChange}
      labelOf={followUpLabel}
      rows={rowsOf((followUp) => followUpRow(followUp, access.storyId, timeZone, { mine: followUp.assigneeId === user.id, change: mayChange(followUp) }), FollowUpRows)}
    />
  );
}
