import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/pages";
import { AdminNav } from "@/components/admin/admin-nav";

// Every admin page, under one navigation. Each page still authorizes its own reads; this only
// keeps the admin navigation from anyone else (they get the same 404 as the pages give them).
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  if (user.role !== "admin") notFound();
  return (
    <div className="flex flex-col gap-3">
      <AdminNav />
      {children}
    </div>
  );
}
