"use client";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EntryRows, type EntryRowsProps } from "@/components/workspace/entry-rows";
import { documentHref } from "./links";

/** One document as the evidence panel shows it, as data: its facts and moments said on the server (issue 16). */
export type DocumentRowData = {
  title: string;
  del?: 1;
  /** What it replaces (a new take): [its id, its label]. */
  replaces?: [string, string];
  /** Its facts, in order: plain words, user text ([text] in a `<bdi>`), or a moment ([prefix, `dateTime`, as shown]). */
  facts: Array<string | [string] | [string, string, string]>;
  sha: string;
  by: string;
};

function Fact({ fact }: { fact: DocumentRowData["facts"][number] }) {
  if (typeof fact === "string") return <span>{fact}</span>;
  if (fact.length === 1) return <bdi>{fact[0]}</bdi>;
  return (
    <span>
      {`${fact[0]} `}
      <time dateTime={fact[1]}>{fact[2]}</time>
    </span>
  );
}

/** withTitle: false on the document's own page, whose heading already names it. */
export function DocumentRow({ row, id, storyId, withTitle = true }: { row: DocumentRowData; id: string; storyId: string; withTitle?: boolean }) {
  const badges =
    row.del || row.replaces ? (
      <>
        {row.del ? <Badge tone="red">Deleted</Badge> : null}
        {row.replaces ? <Badge tone="amber">New take</Badge> : null}
      </>
    ) : null;
  return (
    <div className="entry-summary">
      {withTitle ? (
        <p className="entry-title">
          <Link href={documentHref(storyId, id)} prefetch={false} className="hover:underline" dir="auto">
            {row.title}
          </Link>{" "}
          {badges}
        </p>
      ) : badges ? (
        <p>{badges}</p>
      ) : null}
      <p className="flex flex-wrap gap-x-1 text-xs text-slate-600">
        {row.facts.map((fact, index) => (
          <span key={index}>
            {index > 0 ? "· " : null}
            <Fact fact={fact} />
          </span>
        ))}
      </p>
      {row.replaces ? (
        <p className="text-xs text-slate-600">
          {"Replaces "}
          <Link href={documentHref(storyId, row.replaces[0])} prefetch={false} className="underline">
            {row.replaces[1]}
          </Link>
        </p>
      ) : null}
      <p className="break-all font-mono text-[11px] text-slate-500">{`SHA-256 ${row.sha}`}</p>
      <p className="entry-byline">{`Added by ${row.by}`}</p>
    </div>
  );
}

/** The evidence panel's entries, from rows (EntryRows). */
export function DocumentRows(props: EntryRowsProps<DocumentRowData>) {
  return <EntryRows {...props} Row={DocumentRow} />;
}
