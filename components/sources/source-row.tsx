"use client";
import { Badge } from "@/components/ui/badge";
import { RichTextHtml } from "@/components/editor/rich-text-html";
import { RELIABILITY_TONES } from "@/components/workspace/labels";
import { EntryRows, type EntryRow, type EntryRowsProps } from "@/components/workspace/entry-rows";
import { PROTECTION_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS, type ProtectionValue, type ReliabilityValue, type SourceKindValue } from "@/lib/validations/source-labels";
import { ProtectionActions } from "./protection-actions";
import { RevealContact } from "./reveal-contact";

/**
 * One source as a panel shows it, as data (issue 16: HTML per entry): the server decides what
 * the reader may see — through the protection lens, a hidden identity is its alias here and
 * nothing else — and this renders it. Its protection steps and contact are items of the
 * entry's "⋯" menu, made when it opens.
 */
export type SourceRowData = {
  /** What this reader may call it: its name, or its alias. */
  name: string;
  kind: SourceKindValue;
  p: ProtectionValue;
  r: ReliabilityValue;
  del?: 1;
  burned?: 1;
  aff?: string;
  /** Confidential and shown to this reader (a lead or its logger): the alias everyone else sees. */
  alias?: string;
  link?: string;
  /** Sanitized on the server (lib/rich-text/html). */
  notes?: string;
  by: string;
  quotes: number;
  /** A lead may lower its protection or burn it. */
  manage?: 1;
  /** Its contact details may be revealed to this reader (recorded). */
  contact?: 1;
};

const PROTECTION_TONES = { confidential: "red", on_record: "slate" } as const;

/** `live: false` (a past moment) drops the link into the live workspace. */
export function SourceRow({ row, id, storyId, live = true }: { row: SourceRowData; id: string; storyId: string; live?: boolean }) {
  const quotes = row.quotes === 1 ? "1 quote" : `${row.quotes} quotes`;
  return (
    <div className="entry-summary">
      <div className="entry-heading">
        <h3 className="entry-title">{row.name}</h3>
        <Badge>{SOURCE_KIND_LABELS[row.kind]}</Badge>
        <Badge tone={row.p === "confidential" || row.p === "on_record" ? PROTECTION_TONES[row.p] : "amber"}>{PROTECTION_LABELS[row.p]}</Badge>
        <Badge tone={RELIABILITY_TONES[row.r]}>{`Reliability: ${RELIABILITY_LABELS[row.r]}`}</Badge>
        {row.del ? <Badge tone="red">Deleted</Badge> : null}
        {row.burned ? <Badge tone="red">Burned</Badge> : null}
      </div>
      {row.aff ? <p className="text-slate-700">{row.aff}</p> : null}
      {row.alias ? <p className="text-xs text-red-800">{`Confidential — shown to you as ${row.alias}'s lead or logger; others see only “${row.alias}”.`}</p> : null}
      {row.link ? (
        <a href={row.link} target="_blank" rel="noopener noreferrer nofollow" className="truncate text-xs text-blue-700 underline">
          {row.link}
        </a>
      ) : null}
      {row.notes ? <RichTextHtml html={row.notes} className="text-slate-700" /> : null}
      <p className="entry-byline source-byline">
        <span>{`Logged by ${row.by}`}</span>
        {live ? (
          <a href={`/stories/${storyId}?tab=quotes&speaker=${id}`} className="text-blue-700 hover:underline">
            {quotes}
          </a>
        ) : (
          <span>{quotes}</span>
        )}
      </p>
    </div>
  );
}

/** A source's own items in its "⋯" menu: Show contact, and a lead's Lower protection… and Burn…. */
function sourceMenu({ id, v, row }: EntryRow<SourceRowData>, storyId: string) {
  if (!row.contact && !row.manage) return undefined;
  return (
    <>
      {row.contact ? <RevealContact storyId={storyId} sourceId={id} name={row.name} /> : null}
      {row.manage ? (
        <ProtectionActions storyId={storyId} source={{ id, version: v, protection: row.p, displayName: row.name, canManageProtection: true, burned: null }} />
      ) : null}
    </>
  );
}

/** The sources panel's entries, from rows (EntryRows). */
export function SourceRows(props: EntryRowsProps<SourceRowData>) {
  return <EntryRows {...props} Row={SourceRow} menu={sourceMenu} />;
}
