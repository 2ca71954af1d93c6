import type { Metadata } from "next";
import { pageTimeZone, requirePageUser } from "@/lib/pages";
import { listMySessions } from "@/lib/server/sessions";
import { SignOutEverywhereButton } from "@/components/sessions/session-controls";
import { SessionTable } from "@/components/sessions/session-table";

export const metadata: Metadata = { title: "Your sessions" };

export default async function AccountPage() {
  const user = await requirePageUser();
  const [sessions, timeZone] = await Promise.all([listMySessions(user), pageTimeZone()]);
  return (
    <section aria-labelledby="sessions-heading" className="flex max-w-3xl flex-col gap-3">
      <h1 id="sessions-heading" className="text-xl font-semibold">
        Your sessions
      </h1>
      <p className="text-sm text-slate-600">
        Where you are signed in as {user.email}. Ending a session signs that browser out at once. If you see one you do not recognise, sign out
        everywhere and ask an admin to reset your password.
      </p>
      <SessionTable sessions={sessions} timeZone={timeZone} owner="you" />
      <div>
        <SignOutEverywhereButton />
      </div>
    </section>
  );
}
