"use client";
import { signOut } from "next-auth/react";
import { endMySessionAction, endSessionsAction, signOutEverywhereAction } from "@/lib/actions/sessions";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { useActionRunner } from "@/components/ui/use-action-runner";

/** Ends one session: one of mine (another browser), or — for an admin — anyone's. */
export function EndSessionButton({ sessionId, label, asAdmin = false }: { sessionId: string; label: string; asAdmin?: boolean }) {
  const { pending, state, run } = useActionRunner();
  return (
    <span className="flex items-center gap-2">
      <Button variant="secondary" aria-label={label} disabled={pending} onClick={() => run(() => (asAdmin ? endSessionsAction({ sessionId }) : endMySessionAction({ sessionId })))}>
        {pending ? "Ending…" : "End"}
      </Button>
      {state.kind === "error" ? <FormStatus state={state} /> : null}
    </span>
  );
}

/** Admin: ends every session of one account. */
export function EndAllSessionsButton({ userId, name }: { userId: string; name: string }) {
  const { pending, state, run } = useActionRunner();
  return (
    <span className="flex items-center gap-2">
      <Button variant="danger" disabled={pending} onClick={() => run(() => endSessionsAction({ userId }))}>
        {pending ? "Ending…" : `End all of ${name}'s sessions`}
      </Button>
      {state.kind === "error" ? <FormStatus state={state} /> : null}
    </span>
  );
}

/** Ends every session of mine on the server, then signs this browser out. */
export function SignOutEverywhereButton() {
  const { pending, state, run } = useActionRunner();
  return (
    <span className="flex items-center gap-2">
      <Button
        variant="danger"
        disabled={pending}
        onClick={() =>
          run(async () => {
            const result = await signOutEverywhereAction({});
            if (result.ok) await signOut({ callbackUrl: "/sign-in" });
            return result;
          })
        }
      >
        {pending ? "Signing out…" : "Sign out everywhere"}
      </Button>
      <FormStatus state={state.kind === "error" ? state : { kind: "idle" }} />
    </span>
  );
}
