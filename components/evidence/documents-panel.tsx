import type { DocumentView } from "@/lib/entry-kinds/document";
import { listDocuments } from "@/lib/server/evidence/documents";
import { DOCUMENT_FORMAT_LABELS } from "@/lib/validations/evidence";
import { documentFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { dateTimeAttribute, formatApproximate } from "@/lib/approximate-date";
import { rowsOf } from "@/components/workspace/entry-list";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { panelExtras } from "@/components/workspace/entry-extras";
import { QuickAdd } from "@/components/workspace/quick-add";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";
import { DocumentRow, DocumentRows, type DocumentRowData } from "./document-row";

/** A document's row, said in words on the server (DocumentRow renders it): only the facts it has, its moments in the reader's zone. */
function documentRow(document: DocumentView, timeZone: string): DocumentRowData {
  const moment = (prefix: string, at: Date): [string, string, string] => [prefix, dateTimeAttribute(at, "minute"), formatApproximate({ at, precision: "minute", until: null }, timeZone)];
  const facts: DocumentRowData["facts"] = [];
  if (document.origin) facts.push([document.origin]);
  if (document.byline) facts.push([document.byline]);
  if (document.publishedAt) facts.push(moment("Published", document.publishedAt));
  facts.push(moment("Received", document.receivedAt));
  facts.push(DOCUMENT_FORMAT_LABELS[document.format as keyof typeof DOCUMENT_FORMAT_LABELS] ?? document.format);
  return {
    title: document.title,
    ...(document.deletedAt ? { del: 1 as const } : {}),
    ...(document.replaces ? { replaces: [document.replaces.id, document.replaces.label] as [string, string] } : {}),
    facts,
    sha: document.sha256,
    by: document.addedByName,
  };
}

/** A document read without controls (as of a moment; its own page, withTitle: false): the same row, rendered on the server. */
export function DocumentSummary({ document, storyId, timeZone = "UTC", withTitle = true }: { document: DocumentView; storyId: string; timeZone?: string; withTitle?: boolean }) {
  return <DocumentRow row={documentRow(document, timeZone)} id={document.id} storyId={storyId} withTitle={withTitle} />;
}

/** How a document is named to assistive technology. */
export const documentLabel = (document: DocumentView) => `document ${document.title}`;

export async function DocumentsPanel(props: PanelProps) {
  const filters = documentFiltersSchema.parse(props.params);
  const storyId = props.access.storyId;
  const extras = panelExtras(props.access, "document", props.timeZone);
  const page = await listDocuments(props.user, storyId, filters, extras.beside);
  return (
    <EntryPanelFrame
      kind="document"
      extras={extras}
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
      rows={rowsOf((document: DocumentView) => documentRow(document, props.timeZone), DocumentRows)}
    />
  );
}
