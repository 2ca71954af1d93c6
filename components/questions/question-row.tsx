"use client";
import { Badge, type Tone } from "@/components/ui/badge";
import { RichTextHtml } from "@/components/editor/rich-text-html";
import { EntryRows, type EntryRowsProps } from "@/components/workspace/entry-rows";

/**
 * One open question as a panel shows it, as data (issue 16: HTML per entry): its labels said on
 * the server, its answer sanitized to HTML there, its answering quotes and sources named as the
 * protection lens let this reader name them.
 */
export type QuestionRowData = {
  text: string;
  badges: Array<[Tone, string]>;
  why?: string;
  /** Sanitized on the server (lib/rich-text/html). */
  answer?: string;
  /** Answering quotes: [words, language, speaker, deleted]. */
  quotes?: Array<[string, string, string, 1?]>;
  /** Answering sources, named. */
  sources?: string;
  by: string;
};

export function QuestionRow({ row }: { row: QuestionRowData }) {
  return (
    <div className="entry-summary">
      <div className="entry-heading">
        <h3 className="entry-title">{row.text}</h3>
        {row.badges.map(([tone, label]) => (
          <Badge key={label} tone={tone}>
            {label}
          </Badge>
        ))}
      </div>
      {row.why ? <p className="text-slate-700">{`Why it matters: ${row.why}`}</p> : null}
      {row.answer ? <RichTextHtml html={row.answer} className="rounded bg-emerald-50/60 px-2 py-1 text-slate-800" /> : null}
      {row.quotes ? (
        <ul aria-label="Answering quotes" className="flex flex-col gap-1">
          {row.quotes.map(([words, lang, speaker, gone], index) => (
            <li key={index} className="text-xs text-slate-700">
              “<bdi lang={lang}>{words}</bdi>” — <bdi className="font-medium">{speaker}</bdi>
              {gone ? " (deleted quote)" : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {row.sources ? <p className="text-xs text-slate-600">{`Sources: ${row.sources}`}</p> : null}
      <p className="entry-byline">{`Logged by ${row.by}`}</p>
    </div>
  );
}

/** The questions panel's entries, from rows (EntryRows). */
export function QuestionRows(props: EntryRowsProps<QuestionRowData>) {
  return <EntryRows {...props} Row={QuestionRow} />;
}
