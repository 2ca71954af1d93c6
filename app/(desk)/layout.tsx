import type { ReactNode } from "react";
import { pageTimeZone, requirePageUser } from "@/lib/pages";
import { myFollowUpBadge } from "@/lib/server/follow-ups/badge";
import { unreadCount } from "@/lib/server/notifications/inbox";
import { AppHeader } from "@/components/layout/app-header";
import { TimeZoneSync } from "@/components/layout/time-zone-sync";
import { startingCursor } from "@/lib/server/live/catch-up";
import { LiveProvider } from "@/components/live/live-provider";
import { Announcer } from "@/components/ui/announcer";

export default async function DeskLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  // Read before what the page shows, so that a change committed in between is replayed, not lost.
  const cursor = await startingCursor(user.id, null);
  const [timeZone, unread, followUps] = await Promise.all([pageTimeZone(), unreadCount(user), myFollowUpBadge(user)]);
  return (
    <LiveProvider userId={user.id} cursor={cursor} counts={{ unread, followUps }}>
      <TimeZoneSync current={timeZone} />
      <AppHeader user={user} counts={{ unread, followUps }} />
      <main className="mx-auto max-w-6xl px-3 py-4 sm:px-4 sm:py-6">{children}</main>
      <Announcer />
    </LiveProvider>
  );
}
