import "server-only";
import { randomUUID } from "node:crypto";
import type { QuoteView } from "@/lib/entry-kinds/quote";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/access";
import { loadEntryForEdit, saveChanges, writeEntry } from "@/lib/server/edits";
import type { Prisma, Quote } from "@/lib/generated/prisma/client";
import { createSource } from "@/lib/server/sources/write";
import { db } from "@/lib/db";
import { quoteFromDocumentSchema, type QuoteFromDocumentInput } from "@/lib/validations/evidence";
import { parseInput } from "@/lib/validations/parse";
import { resolvePassage } from "./passages";

// A quote logged from a document ("Log as quote" on a proposal, or a selection and Q): the
// words are the passage's, its provenance the document and the passage's W3C selectors.

export async function logQuoteFromDocument(user: SessionUser, raw: QuoteFromDocumentInput): Promise<QuoteView> {
  const input = parseInput(quoteFromDocumentSchema, raw);
  if (!input.speakerId && !input.newSpeakerName) {
    const message = "Choose who said it, or name a new source.";
    throw new AppError("VALIDATION", { message, fieldErrors: { speakerId: [message] } });
  }
  // The passage is checked before a new source is made, so a bad selection changes nothing.
  await resolvePassage(db(), input.storyId, input.passage);
  const speakerId = input.speakerId ?? (await createSource(user, { storyId: input.storyId, name: input.newSpeakerName, kind: "person" })).id;
  return writeEntry(user, input.storyId, "quote", null, async (tx, access) => {
    const speaker = await tx.source.findFirst({ where: { id: speakerId, storyId: access.storyId, deletedAt: null }, select: { id: true } });
    if (!speaker) {
      const message = "Choose a speaker from this story's sources.";
      throw new AppError("VALIDATION", { message, fieldErrors: { speakerId: [message] } });
    }
    const passage = await resolvePassage(tx, access.storyId, input.passage);
    const document = await tx.document.findFirstOrThrow({ where: { id: passage.documentId }, select: { language: true, url: true, publishedAt: true } });
    return tx.quote.create({
      data: {
        id: randomUUID(),
        storyId: access.storyId,
        speakerId,
        text: passage.text,
        medium: "publication",
        language: document.language,
        link: document.url,
        saidAt: document.publishedAt,
        saidAtPrecision: document.publishedAt ? "minute" : "day",
        loggedById: user.id,
        documentId: passage.documentId,
        anchor: passage.anchor,
        anchorStatus: "anchored",
        anchorCheckedId: passage.documentId,
      },
      select: { id: true },
    });
  });
}

/**
 * Anchors a quote logged by hand to the document its words came from (the seed's hand-logged
 * quotes; the passage found by its words): one revision of the quote.
 */
export async function anchorQuote(user: SessionUser, raw: { storyId: string; quoteId: string; version: number; passage: { documentId: string; words: string } }): Promise<QuoteView> {
  return writeEntry(user, raw.storyId, "quote", null, async (tx, access) => {
    const current = await loadEntryForEdit<Quote>(tx, access, "quote", raw.quoteId, raw.version);
    const passage = await resolvePassage(tx, access.storyId, raw.passage);
    await saveChanges(tx, "quote", current, {
      documentId: passage.documentId,
      anchor: passage.anchor as unknown as Prisma.JsonValue,
      anchorStatus: "anchored",
      anchorCheckedId: passage.documentId,
    });
    return { id: current.id, before: current };
  });
}
