"use client";
import { useEffect, useRef, useState } from "react";
import { SelectField, TextField } from "@/components/ui/field";

export type SpeakerChoice = { id: string; label: string };

/** The choice that means "log a new source by this name". */
export const NEW_SOURCE = "__new__";

const WAIT_MS = 200;

/**
 * Who said it: a list of the likely speakers (those the page already knows — the document's
 * matched attributions), "New source…", and a search over every source of the story as you
 * type (GET /api/stories/:id/sources?q=, named as this reader may name them), whose finds join
 * the list, the first chosen. A story of a thousand sources costs the page nothing until searched.
 */
export function SpeakerPicker({ storyId, known, value, onChange }: { storyId: string; known: ReadonlyArray<SpeakerChoice>; value: string; onChange: (id: string) => void }) {
  const [q, setQ] = useState("");
  const [found, setFound] = useState<SpeakerChoice[]>([]);
  /** Sources chosen from earlier searches: they stay in the list once picked. */
  const [kept, setKept] = useState<SpeakerChoice[]>([]);
  const [status, setStatus] = useState("");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const pending = useRef<AbortController | null>(null);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      pending.current?.abort();
    },
    [],
  );

  const keep = (choice: SpeakerChoice) => setKept((list) => [choice, ...list.filter((other) => other.id !== choice.id)]);

  async function run(words: string) {
    const controller = new AbortController();
    pending.current = controller;
    setStatus("Searching…");
    try {
      const response = await fetch(`/api/stories/${encodeURIComponent(storyId)}/sources?${new URLSearchParams({ q: words })}`, { cache: "no-store", signal: controller.signal });
      const body = (await response.json()) as { ok: true; data: { sources: SpeakerChoice[] } } | { ok: false; message?: string };
      if (controller.signal.aborted) return;
      if (!body.ok) {
        setStatus(body.message ?? "The search failed. Try again.");
        return;
      }
      const sources = body.data.sources;
      setFound(sources);
      setStatus(sources.length ? `${sources.length === 50 ? "50 or more" : sources.length} found: choose under Speaker.` : "No source by that name. Choose “New source…” to add one.");
      if (sources[0]) {
        keep(sources[0]);
        onChange(sources[0].id);
      }
    } catch {
      if (!controller.signal.aborted) setStatus("The search could not reach the desk. Try again.");
    }
  }

  function search(text: string) {
    setQ(text);
    clearTimeout(timer.current);
    pending.current?.abort();
    const words = text.trim();
    if (!words) {
      setFound([]);
      setStatus("");
      return;
    }
    timer.current = setTimeout(() => void run(words), WAIT_MS);
  }

  const options = new Map<string, SpeakerChoice>();
  for (const choice of [...found, ...known, ...kept]) if (!options.has(choice.id)) options.set(choice.id, choice);
  return (
    <div className="flex flex-col gap-2">
      <SelectField
        label="Speaker"
        value={value}
        onChange={(event) => {
          const picked = options.get(event.target.value);
          if (picked) keep(picked);
          onChange(event.target.value);
        }}
        options={[...[...options.values()].map((choice) => ({ value: choice.id, label: choice.label })), { value: NEW_SOURCE, label: "New source…" }]}
      />
      <TextField
        label="Find another source"
        type="search"
        value={q}
        autoComplete="off"
        onChange={(event) => search(event.target.value)}
        hint="Type part of a name: the story’s sources that hold it join the Speaker list."
      />
      <p role="status" className="min-h-4 text-xs text-slate-600">
        {status}
      </p>
    </div>
  );
}
