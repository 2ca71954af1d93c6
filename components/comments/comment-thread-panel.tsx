"use client";
import { useEffect, useRef, useState, useTransition } from "react";
import { createCommentAction, resolveThreadAction } from "@/lib/actions/comments";
import { createCommentSchema } from "@/lib/validations/comments";
import { Button } from "@/components/ui/button";
import { useLiveEvents } from "@/components/live/live-provider";
import { FormStatus, type SaveState } from "@/components/ui/form-status";
import { RelativeTime } from "@/components/ui/time";
import { CommentBox } from "./comment-box";
import { CommentItem } from "./comment-item";
import { fetchThread, short, type CommentThreadProps, type ThreadCount, type ThreadData } from "./types";
import { UNREACHABLE } from "@/components/ui/unreachable";

// The open thread: loaded with its comments when someone opens "Comments (N)", so the page's
// load does not evaluate what only an open thread uses (the comments' zod schemas, date-fns,
// the comment box and items: issue 16, the story page's main thread).

// Asked once, and only by an open thread: an Intl.DateTimeFormat costs ~0.5 ms to make.
let zone: string | undefined;
const browserTimeZone = () => (zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");

/**
 * The thread itself, under its "Comments (N)" button: loaded from the route when opened,
 * reloaded after every change. Members comment, @mention, edit or delete their own comments,
 * resolve or reopen the thread, and turn a comment into a follow-up.
 */
export default function CommentThreadPanel({ storyId, entityType, entityId, label, canWrite, panelId, onCount }: CommentThreadProps & { panelId: string; onCount: (count: ThreadCount) => void }) {
  const [data, setData] = useState<ThreadData | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [body, setBody] = useState("");
  const [postError, setPostError] = useState<string | null>(null);
  const [status, setStatus] = useState<SaveState>({ kind: "idle" });
  const [posting, startPosting] = useTransition();
  const [resolving, startResolving] = useTransition();
  const request = useRef(0);

  const load = async () => {
    const mine = ++request.current;
    setLoading(true);
    setLoadError(null);
    try {
      const next = await fetchThread({ storyId, entityType, entityId });
      if (mine === request.current) setData(next);
    } catch (error) {
      if (mine === request.current) setLoadError(error instanceof Error ? error.message : UNREACHABLE);
    } finally {
      if (mine === request.current) setLoading(false);
    }
  };

  // Someone else commented on this story: a thread already loaded reloads (the event names the
  // comment, not its entry — it carries no content — and a thread is one small read).
  const live = useLiveEvents();
  const loaded = data !== null;
  const reload = useRef(load);
  useEffect(() => {
    reload.current = load;
  });
  useEffect(() => {
    if (!live || !loaded) return;
    return live.onChange((change) => {
      if (change.kind === "comment" && change.story === storyId && change.actor.id !== live.userId) void reload.current();
    });
  }, [live, loaded, storyId]);

  useEffect(() => {
    void reload.current();
  }, []);
  useEffect(() => {
    if (data) onCount({ open: data.thread.open, total: data.thread.total });
  }, [data, onCount]);

  const post = () => {
    const input = { storyId, entityType, entityId, body };
    const parsed = createCommentSchema.safeParse(input);
    if (!parsed.success) return setPostError(parsed.error.issues[0]?.message ?? "Check the comment.");
    startPosting(async () => {
      setPostError(null);
      setStatus({ kind: "saving" });
      const result = await createCommentAction(input).catch(() => ({ ok: false as const, message: UNREACHABLE }));
      if (!result.ok) {
        setPostError(result.message);
        setStatus({ kind: "error", message: "Your comment was not posted; it is still in the box." });
        return;
      }
      setBody("");
      setStatus({ kind: "saved" });
      await load();
    });
  };

  const setResolved = (resolved: boolean) =>
    startResolving(async () => {
      setStatus({ kind: "saving" });
      const result = await resolveThreadAction({ storyId, entityType, entityId, resolved }).catch(() => ({ ok: false as const, message: UNREACHABLE }));
      setStatus(result.ok ? { kind: "saved" } : { kind: "error", message: result.message });
      if (result.ok) await load();
    });

  const thread = data?.thread;
  const writable = canWrite && (thread?.canWrite ?? true);
  const others = data ? data.members.filter((member) => member.id !== data.me) : [];
  const handles = new Set(data?.members.map((member) => member.handle) ?? []);
  const timeZone = browserTimeZone();

  return (
        <section id={panelId} aria-label={`Comments on ${short(label)}`} className="comment-thread-box">
          {loading && !data ? (
            <p role="status" className="text-xs text-slate-500">
              Loading comments…
            </p>
          ) : null}
          {loadError ? (
            <div role="alert" className="flex items-center gap-2 text-xs text-red-700">
              <span>{loadError}</span>
              <Button variant="secondary" size="sm" onClick={() => void load()}>
                Try again
              </Button>
            </div>
          ) : null}
          {thread ? (
            <>
              {thread.comments.length === 0 ? (
                <p className="text-xs text-slate-500">No comments yet.</p>
              ) : (
                <ol className="flex flex-col" aria-label="Comments, oldest first">
                  {thread.comments.map((comment) => (
                    <CommentItem
                      key={`${comment.id}:${comment.version}`}
                      storyId={storyId}
                      comment={comment}
                      canWrite={writable}
                      handles={handles}
                      members={others}
                      timeZone={timeZone}
                      onChanged={() => void load()}
                    />
                  ))}
                </ol>
              )}
              {thread.total > 0 ? (
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  {thread.resolved && thread.resolvedBy ? (
                    <span>
                      Resolved by {thread.resolvedBy.name} <RelativeTime date={new Date(thread.resolvedBy.at)} timeZone={timeZone} />
                    </span>
                  ) : (
                    <span>
                      {thread.open} open comment{thread.open === 1 ? "" : "s"}
                    </span>
                  )}
                  {writable ? (
                    <Button variant="secondary" size="sm" disabled={resolving} onClick={() => setResolved(!thread.resolved)}>
                      {resolving ? (thread.resolved ? "Reopening…" : "Resolving…") : thread.resolved ? "Reopen" : "Resolve thread"}
                    </Button>
                  ) : null}
                </div>
              ) : null}
              {writable ? (
                <CommentBox
                  label="Add a comment"
                  value={body}
                  onChange={(value) => {
                    setBody(value);
                    if (postError) setPostError(null);
                  }}
                  onSubmit={post}
                  pending={posting}
                  submitLabel="Post"
                  pendingLabel="Posting…"
                  members={others}
                  error={postError}
                />
              ) : (
                <p className="text-xs text-slate-500">Readers can read comments; contributors and leads can add them.</p>
              )}
              <FormStatus state={status} />
            </>
          ) : null}
        </section>
  );
}
