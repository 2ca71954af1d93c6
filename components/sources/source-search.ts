"use client";
import { useEffect, useState } from "react";

export type SourceChoice = { id: string; label: string };

const WAIT_MS = 200;

type Search = { q: string; found: SourceChoice[] | null; status: string };

/**
 * A search over every source of the story as the user types (GET /api/stories/:id/sources?q=,
 * named as this reader may name them, through the blind index and the lens): what the pickers
 * offer beyond the few sources a page carries (issue 16: no page carries a story's whole list).
 * `onFound` hears each answer (the speaker picker selects the first find).
 */
export function useSourceSearch(storyId: string, q: string, onFound?: (found: SourceChoice[]) => void): { found: SourceChoice[] | null; status: string } {
  const [search, setSearch] = useState<Search>({ q: "", found: null, status: "" });
  const words = q.trim();
  useEffect(() => {
    if (!words) return;
    const abort = new AbortController();
    const say = (status: string, found: SourceChoice[] | null = null) => setSearch({ q: words, found, status });
    const timer = setTimeout(async () => {
      say("Searching…");
      try {
        const response = await fetch(`/api/stories/${encodeURIComponent(storyId)}/sources?${new URLSearchParams({ q: words })}`, { cache: "no-store", signal: abort.signal });
        const body = (await response.json()) as { ok: true; data: { sources: SourceChoice[] } } | { ok: false; message?: string };
        if (!body.ok) return say(body.message ?? "The search failed. Try again.");
        const sources = body.data.sources;
        say(sources.length ? `${sources.length === 50 ? "50 or more" : sources.length} found.` : "No source by that name.", sources);
        onFound?.(sources);
      } catch {
        if (!abort.signal.aborted) say("The search could not reach the desk. Try again.");
      }
    }, WAIT_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // onFound is the caller's callback: a new one each render must not search again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [words, storyId]);
  // What an emptied field (or a search still waiting for its answer to older words) shows.
  return words && search.q ? search : { found: null, status: "" };
}
