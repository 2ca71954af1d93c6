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
  const [found, setFound] = useState<SpeakerChoice[] | null>(null);
  const [status, setStatus] = useState("");
  const chosen = useRef(new Map<string, SpeakerChoice>());

  useEffect(() => {
    const words = q.trim();
    if (!words) {
      setFound(null);
      setStatus("");
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      setStatus("Searching…");
      try {
        const response = await fetch(`/api/stories/${encodeURIComponent(storyId)}/sources?${new URLSearchParams({ q: words })}`, { cache: "no-store", signal: abort.signal });
        const body = (await response.json()) as { ok: true; data: { sources: SpeakerChoice[] } } | { ok: false; message?: string };
        if (!body.ok) {
          setStatus(body.message ?? "The search failed. Try again.");
          return;
        }
        const sources = body.data.sources;
        setFound(sources);
        setStatus(sources.length ? `${sources.length === 50 ? "50 or more" : sources.length} found: choose under Speaker.` : "No source by that name. Choose “New source…” to add one.");
        if (sources[0]) {
          chosen.current.set(sources[0].id, sources[0]);
          onChange(sources[0].id);
        }
      } catch (error) {
        if (!abort.signal.aborted) setStatus("The search could not reach the desk. Try again.");
        void error;
      }
    }, WAIT_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // onChange is the parent's setter: a new one each render must not search again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, storyId]);

  const options = new Map<string, SpeakerChoice>();
  for (const choice of [...(found ?? []), ...known, ...chosen.current.values()]) if (!options.has(choice.id)) options.set(choice.id, choice);
  return (
    <div className="flex flex-col gap-2">
      <SelectField
        label="Speaker"
        value={value}
        onChange={(event) => {
          const picked = options.get(event.target.value);
          if (picked) chosen.current.set(picked.id, picked);
          onChange(event.target.value);
        }}
        options={[...[...options.values()].map((choice) => ({ value: choice.id, label: choice.label })), { value: NEW_SOURCE, label: "New source…" }]}
      />
      <TextField label="Find another source" type="search" value={q} autoComplete="off" onChange={(event) => setQ(event.target.value)} hint="Type part of a name: the story’s sources that hold it join the Speaker list." />
      <p role="status" className="min-h-4 text-xs text-slate-600">
        {status}
      </p>
    </div>
  );
}
