"use client";
import { useState } from "react";
import { SelectField, TextField } from "@/components/ui/field";
import { useSourceSearch, type SourceChoice } from "./source-search";

export type SpeakerChoice = SourceChoice;

/** The choice that means "log a new source by this name". */
export const NEW_SOURCE = "__new__";

/**
 * Who said it: a list of the likely speakers (those the page already knows — the document's
 * matched attributions, or the story's newest sources), and a search over every source of the
 * story as you type, whose finds join the list, the first chosen. A story of a thousand sources
 * costs the page nothing until searched.
 *
 * `allowNew` adds "New source…" (the evidence viewer logs one by the attributed name);
 * `placeholder` is the choice of none yet (a new quote).
 */
export function SpeakerPicker({
  storyId,
  known,
  value,
  onChange,
  onBlur,
  allowNew = true,
  placeholder,
  error,
}: {
  storyId: string;
  known: ReadonlyArray<SpeakerChoice>;
  value: string;
  onChange: (id: string) => void;
  onBlur?: () => void;
  allowNew?: boolean;
  placeholder?: string;
  error?: string;
}) {
  const [q, setQ] = useState("");
  // Choices found by earlier searches that were picked: they stay in the list.
  const [chosen, setChosen] = useState<ReadonlyArray<SpeakerChoice>>([]);
  const keep = (choice: SpeakerChoice) => setChosen((current) => (current.some((c) => c.id === choice.id) ? current : [...current, choice]));
  const { found, status } = useSourceSearch(storyId, q, (sources) => {
    if (!sources[0]) return;
    keep(sources[0]);
    onChange(sources[0].id);
  });

  const options = new Map<string, SpeakerChoice>();
  for (const choice of [...(found ?? []), ...known, ...chosen]) if (!options.has(choice.id)) options.set(choice.id, choice);
  const said = !status
    ? ""
    : found === null
      ? status
      : found.length
        ? `${status.replace(/\.$/, "")}: choose under Speaker.`
        : allowNew
          ? "No source by that name. Choose “New source…” to add one."
          : "No source by that name. Log it in Sources first.";
  return (
    <div className="flex flex-col gap-2">
      <SelectField
        label="Speaker"
        value={value}
        error={error}
        onBlur={onBlur}
        onChange={(event) => {
          const picked = options.get(event.target.value);
          if (picked) keep(picked);
          onChange(event.target.value);
        }}
        options={[
          ...(placeholder !== undefined ? [{ value: "", label: placeholder }] : []),
          ...[...options.values()].map((choice) => ({ value: choice.id, label: choice.label })),
          ...(allowNew ? [{ value: NEW_SOURCE, label: "New source…" }] : []),
        ]}
      />
      <TextField label="Find another source" type="search" value={q} autoComplete="off" onChange={(event) => setQ(event.target.value)} hint="Type part of a name: the story’s sources that hold it join the Speaker list." />
      <p role="status" className="min-h-4 text-xs text-slate-600">
        {said}
      </p>
    </div>
  );
}
