"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { RichTextHtml } from "@/components/editor/rich-text-html";

type Tone = "slate" | "blue" | "amber" | "green" | "red";

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
};

export function QuoteRow({ row, storyId, children }: { row: QuoteRowData; storyId: string; children?: ReactNode }) {
  return (
    <div className="entry-summary">
      {/* The bar stands at the start of the line: on the right of a Hebrew or Arabic quote; the marks are the quote's language's. */}
      <blockquote lang={row.lang} dir={row.dir} className="quote-words">
        {row.words}
      </blockquote>
      <p className="entry-meta">
        <span>
          —{" "}
          <Link href={`/stories/${storyId}?tab=sources&q=${encodeURIComponent(row.speaker)}`} prefetch={false} className="entry-name-link">
            <bdi>{row.speaker}</bdi>
          </Link>
          {row.gone ? " (deleted source)" : ""}
        </span>
        {row.at ? (
          <span>
            · <time dateTime={row.at[0]}>{row.at[1]}</time>
          </span>
        ) : null}
        <span>· {row.medium}</span>
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
      {children}
      {row.notes ? <RichTextHtml html={row.notes} className="text-slate-700" /> : null}
      <p className="entry-byline">Logged by {row.by}</p>
    </div>
  );
}
