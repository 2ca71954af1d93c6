"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTransition, type MouseEvent, type ReactNode } from "react";
import { markAllReadAction, markReadAction } from "@/lib/actions/notifications";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormStatus } from "@/components/ui/form-status";
import { useActionRunner } from "@/components/ui/use-action-runner";

const markInBackground = (notificationId: string) => {
  markReadAction({ notificationId }).catch(() => {});
};

/**
 * The link to what an unread notification is about: marks it read, then goes there. A link
 * opened in a new tab (or window) marks it read in the background; a read one is a plain link.
 */
export function NotificationLink({ id, href, unread, className, children }: { id: string; href: string; unread: boolean; className?: string; children: ReactNode }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (!unread) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      markInBackground(id);
      return;
    }
    event.preventDefault();
    startTransition(async () => {
      try {
        await markReadAction({ notificationId: id });
      } finally {
        router.push(href);
      }
    });
  };
  return (
    <Link
      href={href}
      onClick={onClick}
      onAuxClick={(event) => {
        if (unread && event.button === 1) markInBackground(id);
      }}
      aria-busy={pending || undefined}
      className={cn("hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600", pending && "opacity-60", className)}
    >
      {children}
    </Link>
  );
}

/** "Mark read" on one unread notification. */
export function MarkReadButton({ id, title }: { id: string; title: string }) {
  const { pending, state, run } = useActionRunner();
  return (
    <span className="flex flex-col items-end">
      <Button variant="ghost" size="sm" disabled={pending} aria-label={`Mark read: “${title}”`} onClick={() => run(() => markReadAction({ notificationId: id }))}>
        {pending ? "Marking…" : "Mark read"}
      </Button>
      {state.kind === "error" ? <FormStatus state={state} /> : null}
    </span>
  );
}

/** "Mark all read", with its pending state and any error shown. */
export function MarkAllReadButton({ disabled }: { disabled: boolean }) {
  const { pending, state, run } = useActionRunner();
  return (
    <span className="flex items-center gap-2">
      {state.kind === "error" ? <FormStatus state={state} /> : null}
      <Button variant="secondary" disabled={disabled || pending} aria-busy={pending || undefined} onClick={() => run(() => markAllReadAction({}))}>
        {pending ? "Marking all read…" : "Mark all read"}
      </Button>
    </span>
  );
}
