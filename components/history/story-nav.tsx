import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type StoryView = "workspace" | "history" | "changes" | "as-of" | "audit";

/** The header of a story's history pages: back to the story, the page title, and the story's views. */
export function StoryNav({
  storyId,
  storyTitle,
  active,
  title,
  canAudit,
  children,
}: {
  storyId: string;
  storyTitle: string;
  active: StoryView;
  title: ReactNode;
  canAudit: boolean;
  children?: ReactNode;
}) {
  const links: { view: StoryView; href: string; label: string }[] = [
    { view: "workspace", href: `/stories/${storyId}`, label: "Workspace" },
    { view: "history", href: `/stories/${storyId}/history`, label: "History" },
    { view: "changes", href: `/stories/${storyId}/changes`, label: "Compare" },
    { view: "as-of", href: `/stories/${storyId}/as-of`, label: "As of…" },
    ...(canAudit ? [{ view: "audit" as const, href: `/stories/${storyId}/audit`, label: "Sensitive reads" }] : []),
  ];
  return (
    <header className="flex flex-col gap-2">
      <p className="text-xs text-slate-500">
        <Link href={`/stories/${storyId}`} className="hover:underline">
          ← <bdi>{storyTitle}</bdi>
        </Link>
      </p>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <nav aria-label="Story views" className="flex gap-1 text-sm">
          {links.map((link) => (
            <Link
              key={link.view}
              href={link.href}
              aria-current={link.view === active ? "page" : undefined}
              className={cn("rounded px-2 py-1", link.view === active ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100")}
            >
              {link.label}
            </Link>
          ))}
        </nav>
      </div>
      {children}
    </header>
  );
}
