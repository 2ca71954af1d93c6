"use client";
import { useId, useState } from "react";
import { respondToFollowUpAction, setFollowUpStatusAction } from "@/lib/actions/follow-ups";
import type { FollowUpStatusValue } from "@/lib/validations/follow-ups";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/ui/form-status";
import { useActionRunner } from "@/components/ui/use-action-runner";

type Props = {
  storyId: string;
  followUp: { id: string; version: number; title: string; status: FollowUpStatusValue; response: "pending" | "accepted" | "declined" };
  /** The signed-in user is the assignee (accept / decline). */
  isAssignee: boolean;
  /** The user may change its status (assignee, assigner, editor or lead). */
  mayChange: boolean;
};

/** Accept or decline (with a reason), start, finish with a note, cancel, reopen. */
export function FollowUpActions({ storyId, followUp, isAssignee, mayChange }: Props) {
  const { pending, state, run } = useActionRunner();
  const [asking, setAsking] = useState<null | "decline" | "done">(null);
  const [note, setNote] = useState("");
  const noteId = useId();
  const base = { storyId, followUpId: followUp.id, version: followUp.version };
  const open = followUp.status === "todo" || followUp.status === "in_progress";
  // A note form closes once its change is saved; on an error it stays open with the message.
  const closing = async (result: Promise<{ ok: boolean; message?: string }>) => {
    const done = await result;
    if (done.ok) {
      setAsking(null);
      setNote("");
    }
    return done;
  };
  const setStatus = (status: FollowUpStatusValue, completionNote = "") => run(() => closing(setFollowUpStatusAction({ ...base, status, completionNote })));
  const respond = (response: "accepted" | "declined", why = "") => run(() => closing(respondToFollowUpAction({ ...base, response, note: why })));
  const named = (verb: string) => `${verb} follow-up ${followUp.title}`;

  if (asking) {
    const declining = asking === "decline";
    return (
      <form
        className="flex w-72 flex-col gap-1"
        aria-label={declining ? named("Decline") : named("Mark done")}
        onSubmit={(event) => {
          event.preventDefault();
          if (declining) respond("declined", note);
          else setStatus("done", note);
        }}
        onKeyDown={(event) => event.key === "Escape" && setAsking(null)}
      >
        <label htmlFor={noteId} className="text-xs font-medium text-slate-700">
          {declining ? "Why are you declining?" : "Completion note (optional)"}
        </label>
        <textarea
          id={noteId}
          rows={2}
          autoFocus
          value={note}
          onChange={(event) => setNote(event.target.value)}
          className="rounded border border-slate-300 px-2 py-1 text-sm"
          placeholder={declining ? "e.g. I'm off tomorrow; Tom knows the press office" : "What came of it"}
        />
        <div className="flex items-center gap-1">
          <Button type="submit" disabled={pending}>
            {declining ? "Decline" : "Mark done"}
          </Button>
          <Button variant="ghost" onClick={() => setAsking(null)}>
            Cancel
          </Button>
          <FormStatus state={state} />
        </div>
      </form>
    );
  }

  return (
    <div className="flex flex-wrap items-center justify-end gap-1">
      {isAssignee && open && followUp.response === "pending" ? (
        <>
          <Button variant="secondary" disabled={pending} aria-label={named("Accept")} onClick={() => respond("accepted")}>
            Accept
          </Button>
          <Button variant="ghost" disabled={pending} aria-label={named("Decline")} onClick={() => setAsking("decline")}>
            Decline…
          </Button>
        </>
      ) : null}
      {mayChange && followUp.status === "todo" ? (
        <Button variant="ghost" disabled={pending} aria-label={named("Start")} onClick={() => setStatus("in_progress")}>
          Start
        </Button>
      ) : null}
      {mayChange && open ? (
        <>
          <Button variant="secondary" disabled={pending} aria-label={named("Mark done")} onClick={() => setAsking("done")}>
            Done…
          </Button>
          <Button variant="ghost" disabled={pending} aria-label={named("Cancel")} onClick={() => setStatus("cancelled")}>
            Cancel
          </Button>
        </>
      ) : null}
      {mayChange && !open ? (
        <Button variant="ghost" disabled={pending} aria-label={named("Reopen")} onClick={() => setStatus("todo")}>
          Reopen
        </Button>
      ) : null}
      {state.kind === "error" || state.kind === "saving" ? <FormStatus state={state} /> : null}
    </div>
  );
}
