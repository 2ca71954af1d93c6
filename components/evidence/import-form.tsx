"use client";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { FormStatus, type SaveState } from "@/components/ui/form-status";
import { announce } from "@/components/ui/announcer";
import { useQuickAdd } from "@/components/workspace/quick-add";

// Adding a document: paste its text or choose a file (text, HTML, .eml, PDF, NINJS JSON). "Read
// it" asks the server what the parser makes of it and fills origin, byline, link and published
// time, which the editor may correct; "Add document" stores it (immutably) and opens it.

type Meta = { title: string; origin: string; byline: string; url: string; publishedAt: string; replacesId: string };
type Preview = { title: string; origin: string | null; byline: string | null; url: string | null; publishedAt: string | null; words: number; format: string; language: string | null; sha256: string };
type Reply<T> = { ok: true; data: T } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

const EMPTY: Meta = { title: "", origin: "", byline: "", url: "", publishedAt: "", replacesId: "" };

/** A datetime-local value (the reader's local time) from an ISO time, and back. */
const toLocal = (iso: string | null) => {
  if (!iso) return "";
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocal = (local: string) => (local ? new Date(local).toISOString() : "");

export function ImportDocumentForm({ storyId, documents }: { storyId: string; documents: ReadonlyArray<{ value: string; label: string }> }) {
  const router = useRouter();
  const quickAdd = useQuickAdd();
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [meta, setMeta] = useState<Meta>(EMPTY);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [errors, setErrors] = useState<Record<string, string>>({});

  const body = (withMeta: boolean) => {
    const form = new FormData();
    if (file) form.set("file", file);
    else form.set("text", text);
    if (withMeta) for (const [key, value] of Object.entries(meta)) form.set(key, key === "publishedAt" ? fromLocal(value) : value);
    return form;
  };

  async function send<T>(query: string, withMeta: boolean): Promise<T | null> {
    setState({ kind: "saving" });
    setErrors({});
    let reply: Reply<T>;
    try {
      const response = await fetch(`/api/stories/${encodeURIComponent(storyId)}/documents${query}`, { method: "POST", body: body(withMeta) });
      reply = (await response.json()) as Reply<T>;
    } catch {
      setState({ kind: "error", message: "The desk could not be reached. Check the connection and try again." });
      return null;
    }
    if (!reply.ok) {
      setErrors(Object.fromEntries(Object.entries(reply.fieldErrors ?? {}).map(([key, messages]) => [key, messages[0] ?? ""])));
      setState({ kind: "error", message: reply.message });
      return null;
    }
    return reply.data;
  }

  async function read() {
    const data = await send<Preview>("?preview=1", false);
    if (!data) return;
    setPreview(data);
    setMeta((current) => ({
      ...current,
      title: current.title || data.title,
      origin: current.origin || (data.origin ?? ""),
      byline: current.byline || (data.byline ?? ""),
      url: current.url || (data.url ?? ""),
      publishedAt: current.publishedAt || toLocal(data.publishedAt),
    }));
    setState({ kind: "idle" });
    announce(`Read: ${data.words} words. Check the details, then add the document.`);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const data = await send<{ document: { id: string }; reanchored: { status: string }[] }>("", true);
    if (!data) return;
    setState({ kind: "saved" });
    const flagged = data.reanchored.filter((quote) => quote.status !== "anchored").length;
    announce(flagged ? `Document added. ${flagged} quote${flagged === 1 ? "" : "s"} changed in this take.` : "Document added.");
    quickAdd.close();
    router.push(`/stories/${encodeURIComponent(storyId)}/documents/${data.document.id}`);
  }

  const field = (key: keyof Meta) => ({ value: meta[key], error: errors[key], onChange: (event: { target: { value: string } }) => setMeta({ ...meta, [key]: event.target.value }) });

  return (
    <form onSubmit={submit} noValidate aria-label="Add a document" className="flex flex-col gap-2">
      <TextAreaField
        label="Paste the text"
        rows={6}
        value={text}
        disabled={Boolean(file)}
        hint="Or choose a file below: text, a web page (HTML), an e-mail (.eml), a PDF or an agency item (NINJS JSON)."
        onChange={(event) => setText(event.target.value)}
      />
      <div className="flex flex-wrap items-center gap-2">
        <label className="text-xs font-medium text-slate-700" htmlFor={`${storyId}-evidence-file`}>
          File
        </label>
        <input
          ref={fileInput}
          id={`${storyId}-evidence-file`}
          type="file"
          accept=".txt,.html,.htm,.eml,.pdf,.json,text/plain,text/html,message/rfc822,application/pdf,application/json"
          className="text-sm"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <Button variant="secondary" size="sm" onClick={read} disabled={!file && !text.trim()}>
          Read it
        </Button>
      </div>
      {preview ? (
        <p className="text-xs text-slate-600">
          Read as {preview.format}: {preview.words.toLocaleString("en")} words{preview.language ? `, language ${preview.language}` : ""}. SHA-256 {preview.sha256.slice(0, 12)}…
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <TextField label="Title" {...field("title")} />
        <TextField label="Origin (agency or outlet)" {...field("origin")} />
        <TextField label="Byline" {...field("byline")} />
        <TextField label="Link" type="url" {...field("url")} />
        <TextField label="Published" type="datetime-local" {...field("publishedAt")} />
        <SelectField label="New take of…" options={[{ value: "", label: "None (or the same agency item)" }, ...documents]} {...field("replacesId")} />
      </div>
      <div className="flex items-center gap-2">
        <Button type="submit" disabled={state.kind === "saving"}>
          Add document
        </Button>
        <Button variant="ghost" onClick={quickAdd.close}>
          Cancel
        </Button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
