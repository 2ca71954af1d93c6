import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth";
import { pageTimeZone } from "@/lib/pages";
import { AppHeader } from "@/components/layout/app-header";
import { TimeZoneSync } from "@/components/layout/time-zone-sync";

export default async function DeskLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  const timeZone = await pageTimeZone();
  return (
    <>
      <TimeZoneSync current={timeZone} />
      <AppHeader user={user} />
      <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
    </>
  );
}
