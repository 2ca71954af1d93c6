import "server-only";
import type { Tx } from "@/lib/db";
import type { StoredPassage } from "@/lib/entry-kinds/passages";
import { AppError } from "@/lib/errors";
import { anchorPassage } from "./engine";

// A passage the user selected in a document, as stored: the document (of this story, not
// deleted), the W3C selectors computed here from the stored words (never taken from the
// browser), the words themselves and the document's time.

type Passage = { documentId: string; start?: number; end?: number; words?: string };

/** The offsets of a passage: as selected, or — for words typed or changed — where they occur (the occurrence nearest the selection). */
function locate(body: string, passage: Passage): { start: number; end: number } {
  const { start, end, words } = passage;
  if (start !== undefined && end !== undefined && (!words || body.slice(start, end) === words)) return { start, end };
  if (!words) throw new AppError("VALIDATION", { message: "Select some words of the document, or type them." });
  let best = -1;
  for (let at = body.indexOf(words); at !== -1; at = body.indexOf(words, at + 1)) {
    if (best === -1 || Math.abs(at - (start ?? 0)) < Math.abs(best - (start ?? 0))) best = at;
  }
  if (best === -1) throw new AppError("VALIDATION", { message: "Those words are not in the document. Copy them from it exactly." });
  return { start: best, end: best + words.length };
}

export async function resolvePassage(tx: Tx, storyId: string, passage: Passage): Promise<StoredPassage> {
  const document = await tx.document.findFirst({
    where: { id: passage.documentId, storyId, deletedAt: null },
    select: { id: true, body: true, publishedAt: true, receivedAt: true },
  });
  if (!document) throw new AppError("VALIDATION", { message: "Choose a document of this story." });
  const { start, end } = locate(document.body, passage);
  const { anchor, text } = anchorPassage(document.body, start, end);
  return { documentId: document.id, anchor, text, at: (document.publishedAt ?? document.receivedAt).toISOString() };
}
