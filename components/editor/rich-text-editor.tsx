"use client";
import { useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { cn } from "@/components/ui/cn";
import { FieldError } from "@/components/ui/field";
import type { RichTextDoc } from "@/lib/rich-text";
import { isAllowedLinkHref, richTextExtensions } from "@/lib/rich-text/extensions";
import { richTextTypography } from "./typography";

type RichTextEditorProps = {
  label: string;
  value: RichTextDoc;
  onChange: (doc: RichTextDoc) => void;
  placeholder?: string;
  disabled?: boolean;
  /** Set on the editable element (the textbox). */
  id?: string;
  /** Focus the text (at its end) once the editor is made: it was opened to be written in. */
  autoFocus?: boolean;
};

const LINK_ERROR = "Links must start with http://, https:// or mailto:.";

type ToolbarState = {
  bold: boolean;
  italic: boolean;
  strike: boolean;
  heading: boolean;
  bulletList: boolean;
  orderedList: boolean;
  blockquote: boolean;
  link: boolean;
  isEmpty: boolean;
};

function toolbarStateOf(editor: Editor | null): ToolbarState | null {
  if (!editor) return null;
  return {
    bold: editor.isActive("bold"),
    italic: editor.isActive("italic"),
    strike: editor.isActive("strike"),
    heading: editor.isActive("heading"),
    bulletList: editor.isActive("bulletList"),
    orderedList: editor.isActive("orderedList"),
    blockquote: editor.isActive("blockquote"),
    link: editor.isActive("link"),
    isEmpty: editor.isEmpty,
  };
}

/** Asks for the address; an empty answer removes the link. Returns an error to show, if any. */
function editLink(editor: Editor): string | null {
  const current: unknown = editor.getAttributes("link").href;
  const answer = window.prompt("Link address (https://… or mailto:…)", typeof current === "string" ? current : "https://");
  if (answer === null) return null;
  const href = answer.trim();
  if (href === "") {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    return null;
  }
  if (!isAllowedLinkHref(href)) return LINK_ERROR;
  if (editor.state.selection.empty && !editor.isActive("link")) {
    // Nothing selected: insert the address itself as the link text.
    editor.chain().focus().insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] }).run();
  } else {
    editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
  }
  return null;
}

function ToolbarButton({
  label,
  pressed,
  disabled,
  onClick,
  children,
}: {
  label: string;
  pressed?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      disabled={disabled}
      // Keep the editor's selection: the command refocuses it.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
      className={cn(
        "inline-flex h-11 min-w-11 items-center justify-center rounded px-1.5 text-xs font-medium text-slate-700 sm:h-7 sm:min-w-7",
        "hover:bg-slate-100 aria-pressed:bg-slate-200 aria-pressed:text-slate-900",
        "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600",
        "disabled:cursor-not-allowed disabled:text-slate-400 disabled:hover:bg-transparent",
      )}
    >
      <span aria-hidden="true">{children}</span>
    </button>
  );
}

/**
 * A controlled rich-text field: `value` in, `onChange` with the whole document out. When
 * the parent replaces `value` with a different document (a conflict's "take theirs"),
 * the editor shows it; its own echoes are recognised and leave the cursor alone.
 */
export function RichTextEditor({ label, value, onChange, placeholder, disabled = false, id, autoFocus = false }: RichTextEditorProps) {
  const fallbackId = useId();
  const editorId = id ?? fallbackId;
  const [linkError, setLinkError] = useState<string | null>(null);
  // Only the first value seeds the editor; later values arrive through the effect below.
  const [initialContent] = useState(value);

  const editorProps = useMemo(
    () => ({
      attributes: {
        id: editorId,
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label,
        ...(placeholder ? { "aria-placeholder": placeholder } : {}),
        ...(disabled ? { "aria-readonly": "true" } : {}),
        class: cn("min-h-20 px-2 py-1 text-sm text-slate-900 focus:outline-none", richTextTypography),
      },
    }),
    [editorId, label, placeholder, disabled],
  );

  const editor = useEditor({
    extensions: richTextExtensions,
    content: initialContent,
    editable: !disabled,
    immediatelyRender: false,
    autofocus: autoFocus ? "end" : false,
    editorProps,
    onUpdate: ({ editor: current }) => onChange(current.getJSON() as RichTextDoc),
  });

  // The snapshot's editor stays null until the first transaction after the instance is
  // created (immediatelyRender: false), so the selector reads the hook's editor instead.
  const state = useEditorState({ editor, selector: () => toolbarStateOf(editor) });

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    let incoming;
    try {
      incoming = editor.schema.nodeFromJSON(value);
    } catch {
      return; // not a document this schema can show; keep what the editor has
    }
    // Compare documents, not JSON text: key order and omitted defaults do not matter.
    if (!incoming.eq(editor.state.doc)) editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);

  useEffect(() => {
    // useEditor keeps the editable flag of the live instance, so a change is applied here.
    if (editor && !editor.isDestroyed && editor.isEditable === disabled) editor.setEditable(!disabled, false);
  }, [editor, disabled]);

  const inactive = !editor || disabled;
  const run = (command: (current: Editor) => void) => () => {
    if (!editor) return;
    setLinkError(null);
    command(editor);
  };

  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs font-medium text-slate-700">{label}</span>
      <div
        className={cn(
          "rounded border border-slate-300 bg-white shadow-sm focus-within:border-blue-600 focus-within:ring-1 focus-within:ring-blue-600",
          disabled && "bg-slate-50",
        )}
      >
        <div role="group" aria-label={`${label} formatting`} className="flex flex-wrap gap-0.5 border-b border-slate-200 p-0.5">
          <ToolbarButton label="Bold" pressed={state?.bold} disabled={inactive} onClick={run((e) => e.chain().focus().toggleBold().run())}>
            <b>B</b>
          </ToolbarButton>
          <ToolbarButton label="Italic" pressed={state?.italic} disabled={inactive} onClick={run((e) => e.chain().focus().toggleItalic().run())}>
            <i>I</i>
          </ToolbarButton>
          <ToolbarButton label="Strikethrough" pressed={state?.strike} disabled={inactive} onClick={run((e) => e.chain().focus().toggleStrike().run())}>
            <s>S</s>
          </ToolbarButton>
          <ToolbarButton
            label="Heading"
            pressed={state?.heading}
            disabled={inactive}
            onClick={run((e) => e.chain().focus().toggleHeading({ level: 2 }).run())}
          >
            H
          </ToolbarButton>
          <ToolbarButton
            label="Bulleted list"
            pressed={state?.bulletList}
            disabled={inactive}
            onClick={run((e) => e.chain().focus().toggleBulletList().run())}
          >
            •
          </ToolbarButton>
          <ToolbarButton
            label="Numbered list"
            pressed={state?.orderedList}
            disabled={inactive}
            onClick={run((e) => e.chain().focus().toggleOrderedList().run())}
          >
            {/* A drawn "1. 2." rather than text: the button's name is "Numbered list", and visible text must be part of it. */}
            <svg aria-hidden viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" className="size-4">
              <path d="M2.5 2.5h1v4M2 6.5h2.5M2 9.5h2.2l-2.2 3.5h2.4M7 4.5h7M7 11h7" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </ToolbarButton>
          <ToolbarButton label="Quote" pressed={state?.blockquote} disabled={inactive} onClick={run((e) => e.chain().focus().toggleBlockquote().run())}>
            “
          </ToolbarButton>
          <ToolbarButton label="Link" pressed={state?.link} disabled={inactive} onClick={run((e) => setLinkError(editLink(e)))}>
            Link
          </ToolbarButton>
          <ToolbarButton
            label="Unlink"
            disabled={inactive || !state?.link}
            onClick={run((e) => e.chain().focus().extendMarkRange("link").unsetLink().run())}
          >
            Unlink
          </ToolbarButton>
        </div>
        <div className="relative">
          {placeholder && state?.isEmpty ? (
            <p aria-hidden="true" className="pointer-events-none absolute top-1 left-2 text-sm text-slate-400">
              {placeholder}
            </p>
          ) : null}
          <EditorContent editor={editor} />
          {!editor ? <div className="min-h-20" aria-hidden="true" /> : null}
        </div>
      </div>
      <FieldError error={linkError} />
    </div>
  );
}
