import "server-only";
import type { ClaimView } from "@/lib/entry-kinds/claim";
import type { DocumentView } from "@/lib/entry-kinds/document";
import { anchorOf, type StoredAnchor } from "@/lib/entry-kinds/passages";
import type { QuoteView } from "@/lib/entry-kinds/quote";
import { formatMoment } from "@/lib/time-zone";
import { ANCHOR_STATUS_LABELS, CLAIM_KIND_LABELS, CLAIM_STATUS_LABELS } from "@/lib/validations/evidence";
import type { DossierClaim, DossierDocument, DossierProvenance, WebAnnotation } from "./types";

// The dossier's evidence (issue 17): each document with its origin, times and hashes; each
// quote's provenance and each claim's versions as W3C Web Annotations, so other tools (Hypothesis,
// any Web Annotation client) can find the passages in the documents again.

/** The IRI a Web Annotation's target names: one of the story's documents (its hashes are in the Evidence section). */
export const documentIri = (documentId: string) => `urn:storydesk:document:${documentId}`;

export const annotationOf = (documentId: string, [quote, position]: StoredAnchor): WebAnnotation => ({
  type: "Annotation",
  target: { source: documentIri(documentId), selector: [quote, position] },
});

export function toProvenance(quote: QuoteView): DossierProvenance | undefined {
  const anchor = anchorOf(quote.anchor);
  if (!quote.provenance || !anchor) return undefined;
  const { document, paragraph, status } = quote.provenance;
  return { document: document.label, documentId: document.id, paragraph, status: ANCHOR_STATUS_LABELS[status], annotation: annotationOf(document.id, anchor) };
}

export function toDocument(document: DocumentView, timeZone: string): DossierDocument {
  return {
    id: document.id,
    title: document.title,
    origin: document.origin,
    byline: document.byline,
    url: document.url,
    format: document.format,
    language: document.language,
    publishedAt: document.publishedAt?.toISOString() ?? null,
    publishedLabel: document.publishedAt ? formatMoment(document.publishedAt, timeZone) : null,
    receivedAt: document.receivedAt.toISOString(),
    receivedLabel: formatMoment(document.receivedAt, timeZone),
    sha256: document.sha256,
    bodySha256: document.bodySha256,
    itemGuid: document.itemGuid,
    itemVersion: document.itemVersion,
    replaces: document.replaces?.label ?? null,
  };
}

export function toClaim(claim: ClaimView): DossierClaim {
  return {
    id: claim.id,
    detail: claim.detail,
    kind: CLAIM_KIND_LABELS[claim.kind],
    status: claim.status === "resolved_for" && claim.resolvedFor !== null ? `Resolved for version ${claim.resolvedFor + 1}` : CLAIM_STATUS_LABELS[claim.status],
    reason: claim.reason,
    versions: claim.versions.map((version) => ({
      document: version.document?.label ?? "A document no longer on the story",
      text: version.text,
      at: version.at,
      annotation: annotationOf(version.documentId, version.anchor),
    })),
  };
}
