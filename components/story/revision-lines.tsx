"use client";
import Link from "next/link";
import { UserText } from "@/components/ui/user-text";

/** One line of the recent-changes box, said in words on the server (the moment as well: "3 minutes ago", and its exact time). */
export type RevisionLine = {
  seq: number;
  who: string;
  /** "changed quote". */
  what: string;
  href: string;
  label: string;
  /** "words", "title": the fields changed. */
  detail?: string;
  /** [the `dateTime` attribute, the exact time in the reader's zone, relative to now]. */
  at: [string, string, string];
  reason?: string;
};

/**
 * The story's latest revisions as rows of data rather than a server-rendered element tree: the
 * side panel's twelve lines carried ~1 KB each in the page's RSC payload (issue 16: the shell
 * counts in HTML per entry). Its links are not prefetched: a dozen RSC requests parsed on the
 * main thread as the page loads, for pages a reader seldom opens from here (issue 16, TBT).
 */
export function RevisionLines({ lines }: { lines: RevisionLine[] }) {
  return (
    <ol aria-label="Revisions" className="mt-1 divide-y divide-slate-100 text-sm">
      {lines.map((line) => (
        <li key={line.seq} className="py-1.5">
          <span className="mr-1 font-mono text-xs text-slate-500">{`#${line.seq}`}</span>
          <UserText text={line.who} className="font-medium" />
          {` ${line.what} `}
          <Link href={line.href} prefetch={false} className="hover:underline">
            <UserText text={line.label} />
          </Link>
          {line.detail ? <span className="text-slate-600">{` — ${line.detail}`}</span> : null}
          <span className="ml-1 text-xs text-slate-500">
            <time dateTime={line.at[0]} title={line.at[1]}>
              {line.at[2]}
            </time>
          </span>
          {line.reason ? (
            <p className="text-xs text-slate-600">
              Reason: <UserText text={line.reason} />
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
