"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

const PAGES = [
  { href: "/admin", label: "Accounts" },
  { href: "/admin/ledger", label: "Ledger" },
  { href: "/admin/audit", label: "Sensitive reads" },
  { href: "/admin/sessions", label: "Sessions" },
  { href: "/verify", label: "Verify a copy" },
] as const;

/** The admin pages, the current one marked. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin" className="flex gap-3 overflow-x-auto whitespace-nowrap text-sm">
      {PAGES.map((page) => (
        <Link
          key={page.href}
          href={page.href}
          aria-current={pathname === page.href ? "page" : undefined}
          className={cn("flex min-h-11 items-center hover:underline sm:min-h-0", pathname === page.href ? "font-medium text-slate-900" : "text-blue-700")}
        >
          {page.label}
        </Link>
      ))}
    </nav>
  );
}
