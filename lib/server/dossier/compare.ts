import { diffLines } from "diff";
import { DOSSIER_SECTIONS } from "@/lib/validations/dossier";

// Where a copy of a dossier differs from the same dossier rebuilt from the ledger, in words:
// "Quotes by speaker › Brad Smith › “We do not provide…” — words: the copy says …, the ledger says …".
// JSON copies are compared entry by entry (matched by id, so a reordering is not a change);
// Markdown copies line by line, each difference under the headings it falls in.

export type CopyDifference = {
  /** The section and entry, e.g. "Quotes by speaker › Brad Smith › “We do not provide…”", or a line. */
  where: string;
  /** The field, in words ("words", "verification"), or "entry" for a whole one. */
  field: string;
  /** null: not in the copy (or not in the ledger). */
  copy: string | null;
  ledger: string | null;
};

export const MAX_DIFFERENCES = 50;

/** Copy-only fields: not the ledger's to confirm (who exported it and when; its signature). */
const NOT_COMPARED = new Set(["generated", "checkpoint", "unsigned"]);

const ROOT_LABELS: Record<string, string> = { ...DOSSIER_SECTIONS, story: "Story", asOf: "As of", redaction: "Redaction", profile: "Profile", sections: "Sections" };
const FIELD_LABELS: Record<string, string> = { text: "words", saidAtLabel: "when said", atLabel: "when", dueLabel: "due", what: "what happened" };

const GROUP_LISTS = new Set(["quotes", "comments", "entries"]);

const truncate = (text: string, max = 70) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const words = (key: string) => FIELD_LABELS[key] ?? key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (value: unknown): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);
/** Rich text: compared as a whole, shown as its plain text. */
const isRich = (value: unknown): value is { doc: Json; text: string } => isObject(value) && "doc" in value && typeof value.text === "string";

function shown(value: unknown): string | null {
  if (value === undefined) return null;
  if (isRich(value)) return truncate(value.text.trim() || "(empty)", 200);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function labelOf(entry: Record<string, Json>, index: number): string {
  for (const key of ["name", "speaker", "title", "text", "what", "label", "entryLabel"]) {
    const value = entry[key];
    if (typeof value === "string" && value.trim()) return key === "text" ? `“${truncate(value, 50)}”` : truncate(value, 60);
  }
  if (typeof entry.seq === "number") return `revision #${entry.seq}`;
  return `item ${index + 1}`;
}

/** How entries of a list are matched: by id, by revision, by speaker, else by position. */
function keyOf(entry: Json, index: number): string {
  if (!isObject(entry)) return `#${index}`;
  for (const key of ["id", "seq", "speakerId"]) if (typeof entry[key] === "string" || typeof entry[key] === "number") return `${key}:${String(entry[key])}`;
  return `#${index}`;
}

function compareValue(path: string[], field: string, copy: Json | undefined, ledger: Json | undefined, out: CopyDifference[]): void {
  if (out.length > MAX_DIFFERENCES) return;
  if (isRich(copy) || isRich(ledger)) {
    if (JSON.stringify(isRich(copy) ? copy.doc : copy) !== JSON.stringify(isRich(ledger) ? ledger.doc : ledger)) {
      out.push({ where: path.join(" › "), field: words(field), copy: shown(copy), ledger: shown(ledger) });
    }
    return;
  }
  if (Array.isArray(copy) && Array.isArray(ledger) && [...copy, ...ledger].some(isObject)) {
    const copies = new Map(copy.map((entry, i) => [keyOf(entry, i), entry]));
    const ledgers = new Map(ledger.map((entry, i) => [keyOf(entry, i), entry]));
    // A group's own list (a speaker's quotes, a thread's comments, the change log's entries) is
    // the group itself: no extra step in the path.
    const within = field && !GROUP_LISTS.has(field) ? [...path, words(field)] : path;
    ledger.forEach((entry, i) => {
      const key = keyOf(entry, i);
      const label = isObject(entry) ? labelOf(entry, i) : `item ${i + 1}`;
      if (!copies.has(key)) out.push({ where: [...within, label].join(" › "), field: "entry", copy: null, ledger: "in the ledger, missing from the copy" });
      else compareEntry([...within, label], copies.get(key)!, entry, out);
    });
    copy.forEach((entry, i) => {
      const key = keyOf(entry, i);
      if (!ledgers.has(key)) out.push({ where: [...within, isObject(entry) ? labelOf(entry, i) : `item ${i + 1}`].join(" › "), field: "entry", copy: "in the copy, not in the ledger", ledger: null });
    });
    return;
  }
  if (isObject(copy) && isObject(ledger)) {
    compareEntry(field ? [...path, words(field)] : path, copy, ledger, out);
    return;
  }
  if (JSON.stringify(copy) !== JSON.stringify(ledger)) out.push({ where: path.join(" › "), field: words(field), copy: shown(copy), ledger: shown(ledger) });
}

function compareEntry(path: string[], copy: Json, ledger: Json, out: CopyDifference[]): void {
  if (!isObject(copy) || !isObject(ledger)) {
    compareValue(path, "", copy, ledger, out);
    return;
  }
  for (const key of new Set([...Object.keys(ledger), ...Object.keys(copy)])) compareValue(path, key, copy[key], ledger[key], out);
}

/** A JSON copy against the dossier rebuilt from the ledger. */
export function compareJson(copy: Record<string, unknown>, ledger: object): CopyDifference[] {
  const out: CopyDifference[] = [];
  const rebuilt = JSON.parse(JSON.stringify(ledger)) as Record<string, Json>;
  const given = copy as Record<string, Json>;
  for (const key of new Set([...Object.keys(rebuilt), ...Object.keys(given)])) {
    if (NOT_COMPARED.has(key)) continue;
    const label = ROOT_LABELS[key] ?? words(key);
    if (isObject(rebuilt[key]) || isObject(given[key]) || Array.isArray(rebuilt[key])) compareValue([label], "", given[key], rebuilt[key], out);
    else compareValue([label], key, given[key], rebuilt[key], out);
  }
  return out.slice(0, MAX_DIFFERENCES);
}

/** A Markdown copy against the same Markdown rendered from the ledger's rebuild. */
export function compareMarkdown(copy: string, ledger: string): CopyDifference[] {
  const out: CopyDifference[] = [];
  const headings: string[] = [];
  let line = 1;
  let pending: { at: number; context: string; ledger: string[] } | null = null;
  // The title (#) is the same everywhere: a place is its section (##) and entry (###).
  const context = () => headings.slice(1).filter(Boolean).join(" › ") || "the top";
  const flush = (copyLines: string[] | null) => {
    if (!pending && !copyLines) return;
    out.push({
      where: `line ${pending?.at ?? line} (${pending?.context ?? context()})`,
      field: "text",
      copy: copyLines ? copyLines.join("\n") : null,
      ledger: pending ? pending.ledger.join("\n") : null,
    });
    pending = null;
  };
  // Bounded: a copy that differs in thousands of lines is not worth the server's time to place.
  const parts = diffLines(ledger, copy, { maxEditLength: 2_000, timeout: 2_000 });
  if (!parts) return [{ where: "the whole copy", field: "text", copy: "differs from the ledger in too many places to list", ledger: null }];
  for (const part of parts) {
    const lines = part.value.replace(/\n$/, "").split("\n");
    if (part.removed) {
      pending = { at: line, context: context(), ledger: lines };
      continue;
    }
    if (part.added) {
      flush(lines);
    } else {
      flush(null);
    }
    for (const text of lines) {
      const heading = /^(#{1,3}) (.*)$/.exec(text);
      if (heading) {
        const depth = heading[1]!.length - 1;
        headings.length = depth;
        headings[depth] = truncate(heading[2]!.replace(/\\(.)/g, "$1"), 60);
      }
    }
    line += lines.length;
  }
  flush(null);
  return out.slice(0, MAX_DIFFERENCES);
}
