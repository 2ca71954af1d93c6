import type { ReactNode } from "react";
import { pageTimeZone, requireDeskHead } from "@/lib/pages";
import { AppHeader } from "@/components/layout/app-header";
import { TimeZoneSync } from "@/components/layout/time-zone-sync";
import { LiveProvider } from "@/components/live/live-provider";
import { Announcer } from "@/components/ui/announcer";

export default async function DeskLayout({ children }: { children: ReactNode }) {
  // The session's check, the live cursor and the header's counts, in one statement: the cursor is
  // read before what the page shows, so that a change committed in between is replayed, not lost.
  const [timeZone, { user, cursor, unread, followUps }] = await Promise.all([pageTimeZone(), requireDeskHead()]);
  return (
    <LiveProvider userId={user.id} cursor={cursor} counts={{ unread, followUps }}>
      <TimeZoneSync current={timeZone} />
      <AppHeader user={user} counts={{ unread, followUps }} />
      <main className="mx-auto max-w-6xl px-3 py-4 sm:px-4 sm:py-6">{children}</main>
      <Announcer />
    </LiveProvider>
  );
}
