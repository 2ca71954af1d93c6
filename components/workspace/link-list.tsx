"use client";
import type { ReactNode } from "react";
import { useRouter } from "next/navigation";
import { followLink } from "./follow-link";

/**
 * A list whose rows' plain `<a href>` links (the kinds' row components: no `next/link` each,
 * rows28) navigate on the client on a plain click, through one handler (followLink) — for lists
 * rendered on the server, such as the story as of a moment. A panel's own list (EntryRows) has it.
 */
export function LinkList({ className, children }: { className?: string; children: ReactNode }) {
  const router = useRouter();
  return (
    <ul className={className} onClick={(event) => followLink(event, router)}>
      {children}
    </ul>
  );
}
