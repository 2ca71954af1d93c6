import type { Metadata } from "next";
import Link from "next/link";
import { type SearchParams, pageTimeZone, queryOf, requirePageUser } from "@/lib/pages";
import { listNotifications, unreadCount } from "@/lib/server/notifications/inbox";
import { sweepDueFollowUps } from "@/lib/server/notifications/sweep";
import { notificationFiltersSchema } from "@/lib/validations/notifications";
import { cn } from "@/components/ui/cn";
import { MarkAllReadButton } from "@/components/notifications/notification-controls";
import { INBOX_EXPLAINED, NotificationList } from "@/components/notifications/notification-list";
import { EmptyState } from "@/components/workspace/empty-state";

export const metadata: Metadata = { title: "Notifications" };

type Props = { searchParams: Promise<SearchParams> };

export default async function NotificationsPage({ searchParams }: Props) {
  const query = queryOf(await searchParams);
  const user = await requirePageUser();
  const timeZone = await pageTimeZone();
  // Due-soon and overdue items appear at once, even before the minute timer has run.
  await sweepDueFollowUps({ userId: user.id });
  const filters = notificationFiltersSchema.parse(query);
  const [inbox, unread] = await Promise.all([listNotifications(user, query), unreadCount(user)]);
  // The header may have counted before the sweep above: what the page shows wins.
  const unreadTotal = Math.max(unread, inbox.items.filter((item) => item.readAt === null).length);
  const base: Record<string, string> = filters.unread ? { unread: "1" } : {};
  const older = inbox.next ? `/notifications?${new URLSearchParams({ ...base, ...inbox.next })}` : null;
  const newest = `/notifications${filters.unread ? "?unread=1" : ""}`;

  return (
    <section aria-labelledby="notifications-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 id="notifications-heading" className="text-xl font-semibold">
            Notifications
          </h1>
          <p className="text-sm text-slate-600">{unreadTotal > 0 ? `${unreadTotal.toLocaleString("en")} unread` : "All read"} · newest first.</p>
        </div>
        <MarkAllReadButton disabled={unreadTotal === 0} />
      </div>
      <nav aria-label="Show" className="flex gap-1 text-sm">
        {[
          { label: "All", href: "/notifications", active: !filters.unread },
          { label: "Unread only", href: "/notifications?unread=1", active: filters.unread },
        ].map((link) => (
          <Link
            key={link.label}
            href={link.href}
            aria-current={link.active ? "page" : undefined}
            className={cn("rounded px-2 py-1", link.active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100")}
          >
            {link.label}
          </Link>
        ))}
      </nav>
      {inbox.items.length === 0 ? (
        <EmptyState title={filters.unread ? "No unread notifications." : filters.before ? "No older notifications." : "No notifications yet."}>
          {INBOX_EXPLAINED}
        </EmptyState>
      ) : (
        <NotificationList items={inbox.items} timeZone={timeZone} />
      )}
      <nav aria-label="Notification pages" className="flex justify-between text-sm">
        {filters.before ? (
          <Link href={newest} className="text-blue-700 hover:underline">
            ← Newest
          </Link>
        ) : (
          <span />
        )}
        {older ? (
          <Link href={older} className="text-blue-700 hover:underline">
            Older →
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
