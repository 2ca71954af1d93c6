import type { Metadata } from "next";
import Link from "next/link";
import { loadOr404, pageTimeZone, requirePageUser } from "@/lib/pages";
import { documentViewer } from "@/lib/server/evidence/viewer";
import { DocumentSummary } from "@/components/evidence/documents-panel";
import { DocumentReader } from "@/components/evidence/document-reader";
import { TakeDiff } from "@/components/evidence/take-diff";
import { documentHref } from "@/components/evidence/links";
import { isUuid } from "@/lib/validations/common";

export const metadata: Metadata = { title: "Document" };

type Props = { params: Promise<{ storyId: string; documentId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** ?passage=12-40 (a claim's version), or ?quote=<id> (a quote's provenance: found again by its anchor). */
function focusOf(query: Record<string, string | string[] | undefined>) {
  const quoteId = isUuid(query.quote) ? query.quote : undefined;
  const match = typeof query.passage === "string" ? /^(\d{1,9})-(\d{1,9})$/.exec(query.passage) : null;
  return { quoteId, passage: match ? { start: Number(match[1]), end: Number(match[2]) } : undefined };
}

export default async function DocumentPage({ params, searchParams }: Props) {
  const [{ storyId, documentId }, query] = await Promise.all([params, searchParams]);
  const user = await requirePageUser();
  const [data, timeZone] = await Promise.all([loadOr404(() => documentViewer(user, storyId, documentId, focusOf(query))), pageTimeZone()]);
  const { view } = data;
  return (
    <section aria-labelledby="document-heading" className="flex flex-col gap-3">
      <Link href={`/stories/${encodeURIComponent(storyId)}?tab=evidence`} className="text-sm text-slate-600 hover:underline">
        ← Back to the story’s evidence
      </Link>
      <h1 id="document-heading" className="text-xl font-semibold" dir="auto">
        {view.title}
      </h1>
      <DocumentSummary document={view} storyId={storyId} timeZone={timeZone} withTitle={false} />
      {data.takes.length > 1 ? (
        <nav aria-label="Takes of this item" className="flex flex-wrap gap-2 text-sm">
          {data.takes.map((take) =>
            take.current ? (
              <span key={take.id} aria-current="page" className="rounded bg-slate-900 px-2 py-0.5 text-white">
                Take {take.number}
              </span>
            ) : (
              <Link key={take.id} href={documentHref(storyId, take.id)} className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-50">
                Take {take.number}
              </Link>
            ),
          )}
        </nav>
      ) : null}
      {data.diff ? <TakeDiff changes={data.diff} /> : null}
      {query.quote && !data.focus ? (
        <p role="alert" className="rounded border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900">
          The quote’s words are no longer in this take.
        </p>
      ) : data.focus?.found === "changed" ? (
        <p role="alert" className="rounded border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900">
          This take words the quote differently: the highlighted passage is where it stands now.
        </p>
      ) : null}
      <DocumentReader
        storyId={storyId}
        documentId={view.id}
        body={data.body}
        direction={view.direction === "rtl" ? "rtl" : "ltr"}
        language={view.language}
        paragraphs={data.paragraphs}
        proposals={data.proposals}
        logged={data.logged}
        focus={data.focus}
        speakers={data.speakers}
        canWrite={data.canWrite}
      />
    </section>
  );
}
