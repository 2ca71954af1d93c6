import Link from "next/link";
import type { SessionUser } from "@/lib/auth";
import type { FollowUpBadge } from "@/lib/server/follow-ups/badge";
import { USER_ROLE_LABELS } from "@/lib/validations/user";
import { cn } from "@/components/ui/cn";
import { LiveStatus } from "@/components/live/live-status";
import { SignOutButton } from "./sign-out-button";

export type HeaderCounts = { unread: number; followUps: FollowUpBadge };

const shown = (count: number) => (count > 99 ? "99+" : String(count));

function followUpsLabel({ open, overdue }: FollowUpBadge): string {
  return `My follow-ups, ${open} open${overdue > 0 ? `, ${overdue} overdue` : ""}`;
}

function BellIcon() {
  return (
    <svg aria-hidden viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6" className="size-4">
      <path d="M10 2.5a5 5 0 0 0-5 5v2.8l-1.4 2.6a.6.6 0 0 0 .5.9h11.8a.6.6 0 0 0 .5-.9L15 10.3V7.5a5 5 0 0 0-5-5Z" strokeLinejoin="round" />
      <path d="M8 15.5a2 2 0 0 0 4 0" strokeLinecap="round" />
    </svg>
  );
}

const navLink = "flex min-h-11 shrink-0 items-center rounded px-2 hover:bg-slate-100 sm:min-h-0 sm:py-1";

/**
 * The desk's header. On a phone it is two rows: the name, the bell, who is signed in and sign
 * out; then the main links, in a row that scrolls sideways rather than wrapping.
 */
export function AppHeader({ user, counts }: { user: SessionUser; counts: HeaderCounts }) {
  const { unread, followUps } = counts;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 px-3 sm:h-12 sm:flex-nowrap sm:px-4">
        <Link href="/" className="flex min-h-11 items-center font-semibold tracking-tight sm:min-h-0">
          Storydesk
        </Link>
        <nav aria-label="Main" className="order-last -mx-1 flex w-full items-center gap-1 overflow-x-auto text-sm sm:order-none sm:mx-0 sm:w-auto sm:overflow-visible">
          <Link href="/" className={navLink}>
            Desk
          </Link>
          <Link href="/follow-ups" aria-label={followUpsLabel(followUps)} className={cn(navLink, "gap-1.5 whitespace-nowrap")}>
            <span className="hidden sm:inline">My follow-ups</span>
            <span className="sm:hidden">Follow-ups</span>
            {followUps.open > 0 ? (
              <span
                aria-hidden
                title={followUps.overdue > 0 ? `${followUps.overdue} overdue` : undefined}
                className={cn("rounded px-1.5 text-xs font-medium", followUps.overdue > 0 ? "bg-red-600 text-white" : "bg-slate-100 text-slate-700")}
              >
                {shown(followUps.open)}
              </span>
            ) : null}
          </Link>
          <Link href="/verify" prefetch={false} className={cn(navLink, "whitespace-nowrap")}>
            Verify a copy
          </Link>
          {user.role === "admin" ? (
            <Link href="/admin" prefetch={false} className={navLink}>
              Admin
            </Link>
          ) : null}
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-1 text-sm sm:gap-2">
          <LiveStatus />
          <Link
            href="/notifications"
            aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
            className="relative flex min-h-11 min-w-11 items-center justify-center rounded p-1.5 text-slate-700 hover:bg-slate-100 sm:min-h-0 sm:min-w-0"
          >
            <BellIcon />
            {unread > 0 ? (
              <span aria-hidden className="absolute right-0.5 top-1 min-w-4 rounded-full bg-blue-600 px-1 text-center text-[10px] font-semibold leading-4 text-white sm:-right-1 sm:-top-0.5">
                {shown(unread)}
              </span>
            ) : null}
          </Link>
          <span className="flex min-w-0 items-center gap-1 text-slate-600">
            <Link href="/account" prefetch={false} title="Your sessions" className="flex min-h-11 min-w-0 items-center rounded px-1 hover:bg-slate-100 sm:min-h-0">
              <bdi className="truncate">{user.name}</bdi>
            </Link>
            <span className="hidden whitespace-nowrap text-slate-500 md:inline">· {USER_ROLE_LABELS[user.role]}</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
