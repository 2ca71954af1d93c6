"use client";
import { useEffect, useId, useRef, useState } from "react";
import { mentionPrefixAt } from "@/lib/mentions";
import type { MentionableMember } from "@/lib/server/notifications/mentions";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FieldError } from "@/components/ui/field";

const SHOWN = 8;

/**
 * The textarea a comment is written (or edited) in. Below it, the members who can be
 * @mentioned: typing "@ma" narrows the list; choosing one completes the handle. Ctrl/⌘+Enter
 * submits, Esc cancels (when there is a cancel).
 */
export function CommentBox({
  label,
  value,
  onChange,
  onSubmit,
  onCancel,
  pending,
  submitLabel,
  pendingLabel,
  members,
  error,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  onCancel?: () => void;
  pending: boolean;
  submitLabel: string;
  pendingLabel: string;
  members: ReadonlyArray<MentionableMember>;
  error?: string | null;
  autoFocus?: boolean;
}) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [placeCaret, setPlaceCaret] = useState<number | null>(null);

  useEffect(() => {
    if (placeCaret === null || !area.current) return;
    area.current.focus();
    area.current.setSelectionRange(placeCaret, placeCaret);
    setPlaceCaret(null);
  }, [placeCaret]);

  const typing = caret !== null ? mentionPrefixAt(value, caret) : null;
  const matches = typing
    ? members.filter((member) => member.handle.startsWith(typing.prefix) || member.name.toLowerCase().includes(typing.prefix))
    : members;

  const mention = (handle: string) => {
    const at = caret ?? value.length;
    const start = typing ? typing.start : at;
    const before = value.slice(0, start);
    const spacer = before === "" || /\s$/.test(before) ? "" : " ";
    const inserted = `${spacer}@${handle} `;
    onChange(before + inserted + value.slice(at));
    setCaret(start + inserted.length);
    setPlaceCaret(start + inserted.length);
  };

  const track = (element: HTMLTextAreaElement) => setCaret(element.selectionStart === element.selectionEnd ? element.selectionStart : null);

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-700">
        {label}
      </label>
      <textarea
        ref={area}
        id={id}
        rows={3}
        value={value}
        autoFocus={autoFocus}
        aria-invalid={Boolean(error)}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        aria-keyshortcuts="Control+Enter Meta+Enter"
        className={cn(
          "block min-h-16 w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm",
          "focus:border-blue-600 focus:outline-none focus:ring-1 focus:ring-blue-600 aria-[invalid=true]:border-red-500",
        )}
        onChange={(event) => {
          onChange(event.target.value);
          track(event.target);
        }}
        onSelect={(event) => track(event.currentTarget)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            if (!pending) onSubmit();
          } else if (event.key === "Escape" && onCancel) {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
        }}
      />
      <div id={`${id}-hint`} className="flex flex-wrap items-center gap-1 text-xs text-slate-500">
        {members.length === 0 ? (
          <span>No one else on this story to mention.</span>
        ) : matches.length === 0 ? (
          <span>No member’s handle starts with @{typing?.prefix}.</span>
        ) : (
          <>
            <span>Mention:</span>
            {matches.slice(0, SHOWN).map((member) => (
              <button
                key={member.id}
                type="button"
                title={member.name}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => mention(member.handle)}
                className="rounded px-1 font-medium text-blue-800 hover:bg-blue-50 focus-visible:outline-2 focus-visible:outline-blue-600"
              >
                @{member.handle}
              </button>
            ))}
            {matches.length > SHOWN ? <span>…</span> : null}
          </>
        )}
        <span className="ml-auto">Ctrl/⌘+Enter to {submitLabel.toLowerCase()}</span>
      </div>
      <FieldError id={id} error={error} />
      <div className="flex justify-end gap-2">
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        ) : null}
        <Button onClick={onSubmit} disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </div>
    </div>
  );
}
