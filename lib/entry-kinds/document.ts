import "server-only";
import { isolate } from "@/lib/bidi";
import type { Document } from "@/lib/generated/prisma/client";
import { DOCUMENT_FORMAT_LABELS } from "@/lib/validations/evidence";
import { searchColumns } from "./search";
import { excerpt, rowWithout, str } from "./snapshot";
import type { EntryModule } from "./types";

// Documents (issue 17): evidence as received — wire copy, a statement, an e-mail, a PDF, an
// agency's NINJS item — never changed once stored. A later version of the same item is a new
// document that replaces it (`replaces_id`). Its revisions hold everything but the body; the
// body's SHA-256 stands for it in the ledger (see the migration `…_i17_evidence`).

export type DocumentView = Omit<Document, "body" | "storyId"> & {
  addedByName: string;
  /** The take this one replaces, as the reader may name it; null for a first take. */
  replaces: { id: string; label: string } | null;
};

/** "Report A (Reuters)" — the title, and where it came from. */
export const documentTitle = (snapshot: { title?: unknown; origin?: unknown }) => {
  const origin = str(snapshot.origin);
  return `${isolate(excerpt(str(snapshot.title) || "Untitled document", 100))}${origin ? ` (${isolate(origin)})` : ""}`;
};

export const documentKind: EntryModule<DocumentView, "document"> = {
  kind: "document",
  fields: [
    { key: "title", label: "Title", type: "text" },
    { key: "origin", label: "Origin", type: "text" },
    { key: "byline", label: "Byline", type: "text" },
    { key: "url", label: "Link", type: "link" },
    { key: "published_at", label: "Published", type: "moment", precisionKey: "" },
    { key: "received_at", label: "Received", type: "moment", precisionKey: "" },
    { key: "format", label: "Format", type: "enum", labels: DOCUMENT_FORMAT_LABELS },
    { key: "language", label: "Language", type: "text" },
    { key: "sha256", label: "SHA-256 of the file", type: "text" },
    { key: "body_sha256", label: "SHA-256 of the text", type: "text" },
    { key: "item_guid", label: "Item id", type: "text" },
    { key: "item_version", label: "Item version", type: "text" },
    { key: "replaces_id", label: "Replaces", type: "document" },
  ],
  titleColumn: "title",
  people: ["added_by_id"],
  orders: {
    recent: { label: "Newest received", keys: [{ column: "received_at", direction: "desc" }, { column: "created_at", direction: "desc" }] },
    published: { label: "Published: latest first", keys: [{ column: "published_at", direction: "desc", nulls: "last" }, { column: "created_at", direction: "desc" }] },
  },
  search: searchColumns("title", "origin", "byline"),
  label: (snapshot) => documentTitle(snapshot),
  describe: (document) => documentTitle(document),

  async present(_access, snapshots, { names }) {
    return snapshots.map((snapshot): DocumentView => {
      const row = rowWithout<Document, "body" | "storyId">(snapshot, "body", "storyId");
      const replaces = row.replacesId ? names.entry("document", row.replacesId) : null;
      return Object.assign(row, { addedByName: names.user(row.addedById), replaces: replaces ? { id: replaces.id, label: replaces.label } : null });
    });
  },
};
