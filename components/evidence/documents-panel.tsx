import Link from "next/link";
import type { DocumentView } from "@/lib/entry-kinds/document";
import { listDocuments } from "@/lib/server/evidence/documents";
import { DOCUMENT_FORMAT_LABELS } from "@/lib/validations/evidence";
import { documentFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { Badge } from "@/components/ui/badge";
import { Moment } from "@/components/workspace/moment";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { QuickAdd } from "@/components/workspace/quick-add";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";
import { documentHref } from "./links";


/** withTitle: false on the document's own page, whose heading already names it. */
export function DocumentSummary({ document, storyId, timeZone = "UTC", withTitle = true }: { document: DocumentView; storyId: string; timeZone?: string; withTitle?: boolean }) {
  // Only the facts the document has, one " · " between each (no dangling separator when origin is unknown).
  const facts = [
    document.origin ? <bdi key="origin">{document.origin}</bdi> : null,
    document.byline ? <bdi key="byline">{document.byline}</bdi> : null,
    document.publishedAt ? (
      <span key="published">
        Published <Moment at={document.publishedAt} precision="minute" timeZone={timeZone} />
      </span>
    ) : null,
    <span key="received">
      Received <Moment at={document.receivedAt} precision="minute" timeZone={timeZone} />
    </span>,
    <span key="format">{DOCUMENT_FORMAT_LABELS[document.format as keyof typeof DOCUMENT_FORMAT_LABELS] ?? document.format}</span>,
  ].filter((fact) => fact !== null);
  const badges = (
    <>
      {document.deletedAt ? <Badge tone="red">Deleted</Badge> : null}
      {document.replaces ? <Badge tone="amber">New take</Badge> : null}
    </>
  );
  return (
    <div className="flex flex-col gap-1 text-sm">
      {withTitle ? (
        <p className="font-medium text-slate-900">
          <Link href={documentHref(storyId, document.id)} className="hover:underline" dir="auto">
            {document.title}
          </Link>{" "}
          {badges}
        </p>
      ) : document.deletedAt || document.replaces ? (
        <p>{badges}</p>
      ) : null}
      <p className="flex flex-wrap gap-x-1 text-xs text-slate-600">
        {facts.map((fact, index) => (
          <span key={index}>
            {index > 0 ? "· " : null}
            {fact}
          </span>
        ))}
      </p>
      {document.replaces ? (
        <p className="text-xs text-slate-600">
          Replaces{" "}
          <Link href={documentHref(storyId, document.replaces.id)} className="underline">
            {document.replaces.label}
          </Link>
        </p>
      ) : null}
      <p className="break-all font-mono text-[11px] text-slate-500">SHA-256 {document.sha256}</p>
      <p className="text-xs text-slate-500">Added by {document.addedByName}</p>
    </div>
  );
}

/** How a document is named to assistive technology. */
export const documentLabel = (document: DocumentView) => `document ${document.title}`;

export async function DocumentsPanel(props: PanelProps) {
  const filters = documentFiltersSchema.parse(props.params);
  const storyId = props.access.storyId;
  const page = await listDocuments(props.user, storyId, filters);
  return (
    <EntryPanelFrame
      kind="document"
      panel={props}
      page={page}
      create={
        <QuickAdd label="Add document">
          <LazyNewForm storyId={storyId} kind="document" extras={{}} />
        </QuickAdd>
      }
      empty={{
        title: "No evidence yet.",
        write: "Paste wire copy or drop a file (text, HTML, .eml, PDF, NINJS): press N or “Add document”.",
        read: "Documents appear here when the team adds them.",
      }}
      labelOf={documentLabel}
      canEdit={() => false}
      editForm={false}
      summaryOf={(document) => <DocumentSummary document={document} storyId={storyId} timeZone={props.timeZone} />}
    />
  );
}
