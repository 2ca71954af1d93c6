import Link from "next/link";
import type { SessionUser } from "@/lib/auth";
import type { FollowUpBadge } from "@/lib/server/follow-ups/badge";
import { USER_ROLE_LABELS } from "@/lib/validations/user";
import { cn } from "@/components/ui/cn";
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

export function AppHeader({ user, counts }: { user: SessionUser; counts: HeaderCounts }) {
  const { unread, followUps } = counts;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-12 max-w-6xl items-center gap-4 px-4">
        <Link href="/" className="font-semibold tracking-tight">
          Storydesk
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-sm">
          <Link href="/" className="rounded px-2 py-1 hover:bg-slate-100">
            Desk
          </Link>
          <Link href="/follow-ups" aria-label={followUpsLabel(followUps)} className="flex items-center gap-1.5 rounded px-2 py-1 hover:bg-slate-100">
            My follow-ups
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
          <Link href="/verify" className="rounded px-2 py-1 hover:bg-slate-100">
            Verify a copy
          </Link>
          {user.role === "admin" ? (
            <Link href="/admin" className="rounded px-2 py-1 hover:bg-slate-100">
              Admin
            </Link>
          ) : null}
        </nav>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <Link
            href="/notifications"
            aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
            className="relative flex items-center rounded p-1.5 text-slate-700 hover:bg-slate-100"
          >
            <BellIcon />
            {unread > 0 ? (
              <span aria-hidden className="absolute -right-1 -top-0.5 min-w-4 rounded-full bg-blue-600 px-1 text-center text-[10px] font-semibold leading-4 text-white">
                {shown(unread)}
              </span>
            ) : null}
          </Link>
          <span className="text-slate-600">
            <Link href="/account" title="Your sessions" className="rounded px-1 hover:bg-slate-100">
              {user.name}
            </Link>{" "}
            <span className="text-slate-400">· {USER_ROLE_LABELS[user.role]}</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
