"use client";
import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { EntryRows, type EntryRowsProps } from "@/components/workspace/entry-rows";

/** One claim (where the reports disagree) as a panel shows it, as data: labels and links made on the server (issue 16). */
export type ClaimRowData = {
  detail: string;
  badges: Array<[Tone, string]>;
  /** Each report's words: [words, the passage's link and its document's label — absent when the document is gone]. */
  versions: Array<[string, string?, string?]>;
  reason?: string;
  by: string;
};

export function ClaimRow({ row }: { row: ClaimRowData }) {
  return (
    <div className="entry-summary">
      <p className="entry-heading entry-title">
        <bdi>{row.detail}</bdi>
        {row.badges.map(([tone, label], index) => (
          <Badge key={index} tone={tone}>
            {label}
          </Badge>
        ))}
      </p>
      <ol className="flex flex-col gap-1">
        {row.versions.map(([words, href, doc], index) => (
          <li key={index} className="border-s-2 border-slate-300 ps-2">
            <span className="text-xs text-slate-500">{`Version ${index + 1} · `}</span>
            <q dir="auto">{words}</q>{" "}
            <span className="text-xs text-slate-600">
              {"— "}
              {href ? (
                <Link href={href} prefetch={false} className="underline">
                  from {doc}
                </Link>
              ) : (
                "from a document no longer on the story"
              )}
            </span>
          </li>
        ))}
      </ol>
      {row.reason ? <p className="text-slate-700">{row.reason}</p> : null}
      <p className="entry-byline">{`Recorded by ${row.by}`}</p>
    </div>
  );
}

/** The claims panel's entries, from rows (EntryRows). */
export function ClaimRows(props: EntryRowsProps<ClaimRowData>) {
  return <EntryRows {...props} Row={ClaimRow} />;
}
