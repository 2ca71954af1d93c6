import Link from "next/link";
import type { SessionUser } from "@/lib/auth";
import { USER_ROLE_LABELS } from "@/lib/validations/user";
import { SignOutButton } from "./sign-out-button";

export function AppHeader({ user }: { user: SessionUser }) {
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
          {user.role === "admin" ? (
            <Link href="/admin" className="rounded px-2 py-1 hover:bg-slate-100">
              Admin
            </Link>
          ) : null}
        </nav>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <span className="text-slate-600">
            {user.name} <span className="text-slate-400">· {USER_ROLE_LABELS[user.role]}</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
