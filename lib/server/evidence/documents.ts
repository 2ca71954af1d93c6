import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import type { DocumentView } from "@/lib/entry-kinds/document";
import { listEntries, loadEntry, type Beside, type PanelFilters } from "@/lib/entry-kinds/read";
import { AppError } from "@/lib/errors";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { writeEntry } from "@/lib/server/edits";
import type { Page } from "@/lib/server/paging";
import { documentMetaSchema, type DocumentMetaInput } from "@/lib/validations/evidence";
import { parseInput } from "@/lib/validations/parse";
import { parse, type ParsedEvidence } from "./engine";
import { reanchorQuotes, type Reanchored } from "./reanchor";

// Documents: evidence as received, stored once and never changed (the database lets the app
// only soft-delete one). Import = parse (lib/evidence) → hash the bytes as received → one
// transaction: the row (its revision), and — when it is a new take of a document already on
// the story — every quote anchored to the old take re-anchored in the new one (reanchor.ts).

/** The file or the pasted text, as the route received it. */
export type EvidenceUpload = { text?: string; bytes?: Uint8Array; filename?: string; mimeType?: string };

export type ImportResult = { document: DocumentView; replaced: { id: string; title: string } | null; reanchored: Reanchored[] };

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** What the parser makes of a file, before it is stored: the import form prefills its fields from it. */
export type EvidencePreview = Omit<ParsedEvidence, "body" | "publishedAt"> & { publishedAt: string | null; words: number; excerpt: string; sha256: string };

export async function previewEvidence(user: SessionUser, storyId: string, upload: EvidenceUpload): Promise<EvidencePreview> {
  await storyAccessFor(user, storyId, "contributor");
  const parsed = await parse(upload);
  const { body, publishedAt, ...rest } = parsed;
  return {
    ...rest,
    publishedAt: publishedAt?.toISOString() ?? null,
    words: body.match(/[\p{L}\p{N}]+/gu)?.length ?? 0,
    excerpt: body.slice(0, 600),
    sha256: sha256(upload.bytes ?? upload.text ?? ""),
  };
}

/**
 * The take a new document replaces: the one the editor chose, else the latest take of the same
 * item (NINJS guid, e-mail message id), else the item it says it rewrites. Latest = no other
 * live document replaces it.
 */
async function replacedTake(tx: Tx, storyId: string, chosen: string | null, item: ParsedEvidence["item"]) {
  if (chosen) {
    const document = await tx.document.findFirst({ where: { id: chosen, storyId, deletedAt: null }, select: { id: true, title: true } });
    if (!document) throw new AppError("VALIDATION", { message: "Choose a document of this story to replace.", fieldErrors: { replacesId: ["Choose a document of this story."] } });
    return document;
  }
  for (const guid of [item?.guid, item?.rewriteOf]) {
    if (!guid) continue;
    const [latest] = await tx.$queryRaw<{ id: string; title: string }[]>`
      SELECT d.id::text, d.title FROM documents d
       WHERE d.story_id = ${storyId}::uuid AND d.item_guid = ${guid} AND d.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM documents n WHERE n.replaces_id = d.id AND n.deleted_at IS NULL)
       ORDER BY d.created_at DESC LIMIT 1`;
    if (latest) return latest;
  }
  return null;
}

/** How many takes the chain ending at `id` has (a first take: 1). */
async function takeNumber(tx: Tx, id: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    WITH RECURSIVE chain AS (SELECT id, replaces_id FROM documents WHERE id = ${id}::uuid
                             UNION ALL SELECT d.id, d.replaces_id FROM documents d JOIN chain c ON d.id = c.replaces_id)
    SELECT count(*)::int AS n FROM chain`;
  return row?.n ?? 1;
}

export async function importDocument(user: SessionUser, rawMeta: DocumentMetaInput, upload: EvidenceUpload): Promise<ImportResult> {
  const meta = parseInput(documentMetaSchema, rawMeta);
  // A reader may not import: refused before the file is read.
  await storyAccessFor(user, meta.storyId, "contributor");
  const parsed = await parse(upload);
  let replaced: { id: string; title: string } | null = null;
  let reanchored: Reanchored[] = [];
  const document = await writeEntry(user, meta.storyId, "document", null, async (tx, access) => {
    replaced = await replacedTake(tx, access.storyId, meta.replacesId, parsed.item);
    const id = randomUUID();
    await tx.document.create({
      data: {
        id,
        storyId: access.storyId,
        title: meta.title || parsed.title || "Untitled document",
        format: parsed.format,
        body: parsed.body,
        sha256: sha256(upload.bytes ?? upload.text ?? ""),
        bodySha256: sha256(parsed.body),
        origin: meta.origin || parsed.origin || "",
        byline: meta.byline || parsed.byline || "",
        url: meta.url || parsed.url || "",
        publishedAt: meta.publishedAt ?? parsed.publishedAt,
        language: parsed.language ?? "en",
        direction: parsed.direction,
        addedById: user.id,
        itemGuid: parsed.item?.guid ?? null,
        itemVersion: parsed.item?.version ?? null,
        replacesId: replaced?.id ?? null,
      },
      select: { id: true },
    });
    if (replaced) {
      const take = { id, title: meta.title || parsed.title || "Untitled document", body: parsed.body, number: await takeNumber(tx, id) };
      reanchored = await reanchorQuotes(tx, access, user.id, replaced.id, take);
    }
    return { id };
  });
  return { document, replaced, reanchored };
}

export async function listDocuments(user: SessionUser, storyId: string, filters: PanelFilters, beside?: Beside): Promise<Page<DocumentView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "document", filters, [], beside);
}

/** A document to read: its metadata as the panel shows it, and its words. */
export type DocumentText = { view: DocumentView; body: string; takes: { id: string; title: string; number: number; current: boolean }[] };

export async function readDocument(access: StoryAccess, documentId: string): Promise<DocumentText> {
  const view = await loadEntry(access, "document", documentId);
  const row = await db().document.findFirst({ where: { id: documentId, storyId: access.storyId }, select: { body: true } });
  if (!row) throw new AppError("NOT_FOUND");
  return { view, body: row.body, takes: await takesOf(access.storyId, documentId) };
}

/** Every take of the item a document belongs to, first first. */
async function takesOf(storyId: string, documentId: string) {
  const rows = await db().$queryRaw<{ id: string; title: string; replaces_id: string | null }[]>`
    WITH RECURSIVE back AS (SELECT id, replaces_id FROM documents WHERE id = ${documentId}::uuid AND story_id = ${storyId}::uuid
                            UNION SELECT d.id, d.replaces_id FROM documents d JOIN back b ON d.id = b.replaces_id),
                   fwd AS (SELECT id FROM documents WHERE id = ${documentId}::uuid AND story_id = ${storyId}::uuid
                            UNION SELECT d.id FROM documents d JOIN fwd f ON d.replaces_id = f.id WHERE d.deleted_at IS NULL)
    SELECT d.id::text, d.title, d.replaces_id::text FROM documents d WHERE d.id IN (SELECT id FROM back UNION SELECT id FROM fwd) ORDER BY d.created_at, d.id`;
  return rows.map((row, index) => ({ id: row.id, title: row.title, number: index + 1, current: row.id === documentId }));
}
