import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { RelativeTime } from "@/components/ui/time";
import type { NotificationItem } from "@/lib/server/notifications/inbox";
import type { NotificationKind } from "@/lib/validations/notifications";
import { MarkReadButton, NotificationLink } from "./notification-controls";
import { UserText } from "@/components/ui/user-text";

const KIND_LABELS: Record<NotificationKind, { label: string; tone: "slate" | "blue" | "amber" | "green" | "red" }> = {
  assigned: { label: "Assigned", tone: "blue" },
  reassigned: { label: "Reassigned", tone: "blue" },
  responded: { label: "Answer", tone: "slate" },
  status: { label: "Status", tone: "slate" },
  due_soon: { label: "Due soon", tone: "amber" },
  overdue: { label: "Overdue", tone: "red" },
  mentioned: { label: "Mention", tone: "blue" },
  anchor_changed: { label: "New take", tone: "amber" },
};

export const INBOX_EXPLAINED =
  "You are notified here when someone assigns you a follow-up, reassigns or answers one, changes its status or mentions you in a comment, when a follow-up of yours is due soon or overdue, and when a new take of a document changes a quote you logged from it.";

/** The inbox, newest first: unread ones bold with a dot; each leads to its entry and marks itself read. */
export function NotificationList({ items, timeZone, now = new Date() }: { items: NotificationItem[]; timeZone: string; now?: Date }) {
  return (
    <ul aria-label="Notifications" className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
      {items.map((item) => {
        const unread = item.readAt === null;
        const kind = KIND_LABELS[item.kind] ?? { label: item.kind, tone: "slate" as const };
        return (
          <li key={item.id} className={cn("flex items-start gap-3 px-3 py-2 text-sm", unread && "bg-blue-50/40")}>
            <span aria-hidden className={cn("mt-1.5 size-2 shrink-0 rounded-full", unread ? "bg-blue-600" : "bg-transparent")} />
            <div className="min-w-0 flex-1">
              <p className="flex flex-wrap items-baseline gap-2">
                {unread ? <span className="sr-only">Unread:</span> : null}
                <NotificationLink id={item.id} href={item.href} unread={unread} className={cn("text-slate-900", unread ? "font-semibold" : "font-normal")}>
                  <UserText text={item.title} />
                </NotificationLink>
                <Badge tone={kind.tone}>{kind.label}</Badge>
              </p>
              <p className="text-xs text-slate-500">
                <bdi>{item.storyTitle}</bdi>
                {" · "}
                <bdi>{item.actorName ?? "Storydesk"}</bdi>
                {" · "}
                <RelativeTime date={item.createdAt} now={now} timeZone={timeZone} />
              </p>
            </div>
            {unread ? <MarkReadButton id={item.id} title={item.title} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
