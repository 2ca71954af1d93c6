// Where the evidence desk's pages are: a document, a passage of it, a quote in it.

const documentPath = (storyId: string, documentId: string) => `/stories/${encodeURIComponent(storyId)}/documents/${encodeURIComponent(documentId)}`;

export const documentHref = (storyId: string, documentId: string, passage?: { start: number; end: number }) =>
  `${documentPath(storyId, documentId)}${passage ? `?passage=${passage.start}-${passage.end}#passage` : ""}`;

/** The document a quote came from, scrolled to its words and highlighting them (found again in that take by its anchor). */
export const quoteInDocumentHref = (storyId: string, documentId: string, quoteId: string) => `${documentPath(storyId, documentId)}?quote=${encodeURIComponent(quoteId)}#passage`;
