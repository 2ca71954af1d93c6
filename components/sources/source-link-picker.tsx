"use client";
import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { LinkPicker, type LinkOption } from "@/components/workspace/link-picker";
import { useSourceSearch } from "./source-search";

/**
 * Links to sources (a question's answering sources, an event's "according to"): the story's
 * newest sources and those linked already, plus a search over every source as you type whose
 * finds join the list (issue 16: the form does not carry the story's whole list).
 */
export function SourceLinkPicker({
  storyId,
  label,
  options,
  value,
  onChange,
  error,
}: {
  storyId: string;
  label: string;
  options: ReadonlyArray<LinkOption>;
  value: ReadonlyArray<string>;
  onChange: (value: string[]) => void;
  error?: string;
}) {
  const [q, setQ] = useState("");
  const { found, status } = useSourceSearch(storyId, q);
  // Finds that were linked keep their names after the search moves on.
  const [linked, setLinked] = useState<ReadonlyArray<LinkOption>>([]);
  const all = new Map<string, LinkOption>();
  for (const option of [...(found ?? []), ...options, ...linked]) if (!all.has(option.id)) all.set(option.id, option);
  return (
    <div className="flex flex-col gap-1">
      <LinkPicker
        label={label}
        options={[...all.values()]}
        value={value}
        error={error}
        onChange={(next) => {
          setLinked((current) => [...current, ...next.flatMap((id) => (current.some((c) => c.id === id) ? [] : (found ?? []).filter((f) => f.id === id)))]);
          onChange(next);
        }}
      />
      <TextField
        label="Find another source"
        type="search"
        value={q}
        autoComplete="off"
        onChange={(event) => setQ(event.target.value)}
        hint={found?.length ? `${status.replace(/\.$/, "")}: pick under “${label}”.` : status || "Type part of a name: the story’s sources that hold it join the list."}
      />
    </div>
  );
}
