"use client";
import { Badge, type Tone } from "@/components/ui/badge";
import { RichTextHtml } from "@/components/editor/rich-text-html";
import { quoteInDocumentHref } from "@/components/evidence/links";
import { EntryRows, type EntryRowsProps } from "@/components/workspace/entry-rows";

/**
 * One quote as a panel shows it, as data: the server says everything in words (labels, the
 * moment formatted in the reader's zone, the notes as sanitized HTML) and this renders it. A
 * panel's RSC payload then carries ~0.3 KB per quote instead of its element tree (~1.2 KB),
 * which also came once more in the HTML (issue 16: HTML per entry).
 */
export type QuoteRowData = {
  /** The words inside their language's quote marks. */
  words: string;
  lang: string;
  dir: "ltr" | "rtl" | "auto";
  speaker: string;
  /** The speaker's source is deleted. */
  gone?: 1;
  /** When it was said: [the `dateTime` attribute, as shown]. */
  at?: [string, string];
  medium: string;
  badges: Array<[Tone, string]>;
  link?: string;
  /** Sanitized on the server (lib/rich-text/html). */
  notes?: string;
  by: string;
  /** Where its words are in the evidence desk: "from Report A ¶3", and what a later take did to them. */
  from?: { doc: string; docId: string; para: number; state?: "changed" | "orphan"; who?: string };
};

export function QuoteRow({ row, id, storyId }: { row: QuoteRowData; id: string; storyId: string }) {
  return (
    <div className="entry-summary">
      {/* The bar stands at the start of the line: on the right of a Hebrew or Arabic quote; the marks are the quote's language's. */}
      <blockquote lang={row.lang} dir={row.dir} className="quote-words">
        {row.words}
      </blockquote>
      <p className="entry-meta">
        <span>
          {"— "}
          {/* A plain link (its list makes a click a client navigation: followLink), isolated in its own direction as a <bdi> would be. */}
          <a href={`/stories/${storyId}?tab=sources&q=${encodeURIComponent(row.speaker)}`} dir="auto" className="entry-name-link">
            {row.speaker}
          </a>
          {row.gone ? " (deleted source)" : ""}
        </span>
        {row.at ? (
          <span>
            · <time dateTime={row.at[0]}>{row.at[1]}</time>
          </span>
        ) : null}
        <span>{`· ${row.medium}`}</span>
        {row.badges.map(([tone, label]) => (
          <Badge key={label} tone={tone}>
            {label}
          </Badge>
        ))}
        {row.link ? (
          <a href={row.link} target="_blank" rel="noopener noreferrer nofollow" className="text-blue-700 underline">
            link
          </a>
        ) : null}
      </p>
      {row.from ? <QuoteProvenance from={row.from} href={quoteInDocumentHref(storyId, row.from.docId, id)} /> : null}
      {row.notes ? <RichTextHtml html={row.notes} className="text-slate-700" /> : null}
      <p className="entry-byline">{`Logged by ${row.by}`}</p>
    </div>
  );
}

/** "from Report A ¶3": one click opens the document at the passage, highlighted; a later take's change is said. */
function QuoteProvenance({ from, href }: { from: NonNullable<QuoteRowData["from"]>; href: string }) {
  return (
    <p className="entry-meta">
      <a href={href} className="text-blue-700 underline">
        from <bdi>{from.doc}</bdi> ¶{from.para}
      </a>
      {from.state ? (
        <Badge tone={from.state === "orphan" ? "red" : "amber"}>
          {from.who ? <bdi>{from.who}</bdi> : "A later take"} {from.state === "orphan" ? "no longer has this quote" : "changed this quote"}
        </Badge>
      ) : null}
    </p>
  );
}

/** The quotes panel's entries, from rows (EntryRows). */
export function QuoteRows(props: EntryRowsProps<QuoteRowData>) {
  return <EntryRows {...props} Row={QuoteRow} />;
}
