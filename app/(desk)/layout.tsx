import type { ReactNode } from "react";
import { pageTimeZone, requirePageUser } from "@/lib/pages";
import { myFollowUpBadge } from "@/lib/server/follow-ups/badge";
import { unreadCount } from "@/lib/server/notifications/inbox";
import { AppHeader } from "@/components/layout/app-header";
import { TimeZoneSync } from "@/components/layout/time-zone-sync";
import { Announcer } from "@/components/ui/announcer";

export default async function DeskLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const [timeZone, unread, followUps] = await Promise.all([pageTimeZone(), unreadCount(user), myFollowUpBadge(user)]);
  return (
    <>
      <TimeZoneSync current={timeZone} />
      <AppHeader user={user} counts={{ unread, followUps }} />
      <main className="mx-auto max-w-6xl px-3 py-4 sm:px-4 sm:py-6">{children}</main>
      <Announcer />
    </>
  );
}
