import type { Metadata } from "next";
import { loadOr404, pageTimeZone, requirePageUser } from "@/lib/pages";
import { listActiveSessions } from "@/lib/server/sessions";
import { USER_ROLE_LABELS } from "@/lib/validations/user";
import { EndAllSessionsButton } from "@/components/sessions/session-controls";
import { SessionTable } from "@/components/sessions/session-table";
import { EmptyState } from "@/components/workspace/empty-state";

export const metadata: Metadata = { title: "Sessions" };

export default async function AdminSessionsPage() {
  const user = await requirePageUser();
  const [accounts, timeZone] = await Promise.all([loadOr404(() => listActiveSessions(user)), pageTimeZone()]);
  const trustProxy = process.env.TRUST_PROXY === "1";
  return (
    <section aria-labelledby="sessions-heading" className="flex flex-col gap-4">
      <div>
        <h1 id="sessions-heading" className="text-xl font-semibold">
          Sessions
        </h1>
        <p className="text-sm text-slate-600">
          Every account&apos;s live sessions. Ending one signs that browser out at once.{" "}
          {trustProxy
            ? "Addresses are the client addresses your proxy reported."
            : "Addresses are those the app saw; behind a proxy that is the proxy's, unless TRUST_PROXY=1 is set."}
        </p>
      </div>
      {accounts.length === 0 ? <EmptyState title="Nobody is signed in">Sessions appear here when people sign in.</EmptyState> : null}
      {accounts.map(({ user: account, sessions }) => (
        <section key={account.id} aria-label={`Sessions of ${account.name}`} className="rounded border border-slate-200 bg-white">
          <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-3 py-2">
            <h2 className="font-medium">
              {account.name} <span className="text-xs font-normal text-slate-500">{account.email} · {USER_ROLE_LABELS[account.role]} · {sessions.length} live</span>
            </h2>
            <EndAllSessionsButton userId={account.id} name={account.name} />
          </header>
          <SessionTable sessions={sessions} timeZone={timeZone} owner={account.name} asAdmin />
        </section>
      ))}
    </section>
  );
}
