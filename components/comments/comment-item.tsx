"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { deleteCommentAction, updateCommentAction } from "@/lib/actions/comments";
import type { MentionableMember } from "@/lib/server/notifications/mentions";
import { updateCommentSchema } from "@/lib/validations/comments";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/time";
import { ConflictNotice, type EntryConflict } from "@/components/workspace/conflict-notice";
import { CommentBox } from "./comment-box";
import { MentionText } from "./mention-text";
import type { CommentJson } from "./types";
import { UNREACHABLE } from "@/components/ui/unreachable";


/** One comment: who and when, its words (or "Comment deleted"), and its author's edit and delete. */
export function CommentItem({
  storyId,
  comment,
  canWrite,
  handles,
  members,
  timeZone,
  onChanged,
}: {
  storyId: string;
  comment: CommentJson;
  canWrite: boolean;
  handles: ReadonlySet<string>;
  members: ReadonlyArray<MentionableMember>;
  timeZone: string;
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.body ?? "");
  const [base, setBase] = useState(comment.version);
  const [latest, setLatest] = useState<CommentJson | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const conflict: EntryConflict<CommentJson> = {
    version: base,
    latest,
    onConflict: (value) => setLatest(value as CommentJson),
    resolve: () => {
      if (latest) setBase(latest.version);
      setLatest(null);
    },
  };

  const startEditing = () => {
    setText(comment.body ?? "");
    setBase(comment.version);
    setLatest(null);
    setError(null);
    setEditing(true);
  };

  const save = () => {
    const input = { storyId, commentId: comment.id, version: base, body: text };
    const parsed = updateCommentSchema.safeParse(input);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Check the comment.");
    startTransition(async () => {
      setError(null);
      const result = await updateCommentAction(input).catch(() => ({ ok: false as const, code: "INTERNAL" as const, message: UNREACHABLE }));
      if (result.ok) {
        setEditing(false);
        onChanged();
        return;
      }
      if (result.code === "CONFLICT" && result.latest) conflict.onConflict(result.latest);
      setError(result.message);
    });
  };

  const remove = () =>
    startTransition(async () => {
      setError(null);
      const result = await deleteCommentAction({ storyId, commentId: comment.id, version: comment.version }).catch(() => ({
        ok: false as const,
        message: UNREACHABLE,
      }));
      setConfirming(false);
      if (result.ok) onChanged();
      else setError(result.message);
    });

  const created = new Date(comment.createdAt);
  return (
    <li className="flex flex-col gap-1 border-b border-slate-100 py-2 last:border-b-0">
      <p className="flex flex-wrap items-baseline gap-x-1 text-xs text-slate-500">
        <span className="font-medium text-slate-800">{comment.authorName}</span>
        <span aria-hidden="true">·</span>
        <RelativeTime date={created} timeZone={timeZone} />
        {comment.edited ? <span title={`Edited ${new Date(comment.updatedAt).toLocaleString()}`}>· edited</span> : null}
      </p>
      {comment.deleted ? (
        <p className="text-sm italic text-slate-500">Comment deleted</p>
      ) : editing ? (
        <div className="flex flex-col gap-2">
          <CommentBox
            label="Edit comment"
            value={text}
            onChange={setText}
            onSubmit={save}
            onCancel={() => setEditing(false)}
            pending={pending}
            submitLabel="Save"
            pendingLabel="Saving…"
            members={members}
            error={error}
            autoFocus
          />
          <ConflictNotice
            conflict={conflict}
            fields={(value) => [["Comment", value.body ?? "(deleted)"]]}
            onTakeTheirs={(value) => setText(value.body ?? "")}
            onResolved={() => setError(null)}
          />
        </div>
      ) : (
        <MentionText text={comment.body ?? ""} handles={handles} />
      )}
      {!comment.deleted && !editing ? (
        <div className="flex flex-wrap items-center gap-1">
          {comment.canEdit ? (
            <Button variant="ghost" size="sm" onClick={startEditing} aria-label={`Edit comment by ${comment.authorName}`}>
              Edit
            </Button>
          ) : null}
          {comment.canDelete && !confirming ? (
            <Button variant="ghost" size="sm" onClick={() => setConfirming(true)} aria-label={`Delete comment by ${comment.authorName}`}>
              Delete
            </Button>
          ) : null}
          {confirming ? (
            <span role="group" aria-label="Confirm delete" className="flex items-center gap-1 text-xs text-slate-700">
              Delete this comment?
              <Button variant="danger" size="sm" onClick={remove} disabled={pending}>
                {pending ? "Deleting…" : "Yes, delete"}
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setConfirming(false)} disabled={pending}>
                Keep
              </Button>
            </span>
          ) : null}
          {canWrite ? (
            <Link
              href={`/stories/${storyId}?${new URLSearchParams({ tab: "follow-ups", fromComment: comment.id })}`}
              aria-label={`Make follow-up from comment by ${comment.authorName}`}
              className="inline-flex h-11 items-center rounded px-2 text-xs font-medium text-slate-700 hover:bg-slate-100 sm:h-7"
            >
              Make follow-up
            </Link>
          ) : null}
        </div>
      ) : null}
      {error && !editing ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </li>
  );
}
