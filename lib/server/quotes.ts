import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { Prisma, type Quote } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { QuoteView } from "@/lib/entry-kinds/quote";
import { columnIs, listEntries, loadEntry } from "@/lib/entry-kinds/read";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { loadEntryForEdit, saveChanges } from "@/lib/server/edit-guard";
import { writeWithRevision } from "@/lib/server/ledger";
import { notifyMentions } from "@/lib/server/notifications/mentions";
import type { Page } from "@/lib/server/paging";
import { parseInput } from "@/lib/validations/parse";
import { createQuoteSchema, updateQuoteSchema, type CreateQuoteInput, type UpdateQuoteInput } from "@/lib/validations/quotes";
import type { QuoteFilters } from "@/lib/validations/workspace";

// Quotes: the exact words, who said them (a source of the story), when and where. A
// quote is never edited silently: changing its words requires a reason, kept in the revision.

async function assertSpeaker(tx: Tx, storyId: string, speakerId: string): Promise<void> {
  const speaker = await tx.source.findFirst({ where: { id: speakerId, storyId, deletedAt: null }, select: { id: true } });
  if (!speaker) {
    const message = "Choose a speaker from this story's sources.";
    throw new AppError("VALIDATION", { message, fieldErrors: { speakerId: [message] } });
  }
}

/** Notifies members newly @mentioned in a quote's notes (inside the write's transaction). */
async function notifyNoteMentions(tx: Tx, access: StoryAccess, quote: QuoteView, before: RichTextDoc | null) {
  await notifyMentions(tx, {
    storyId: access.storyId,
    actorId: access.user.id,
    entityType: "quote",
    entityId: quote.id,
    version: quote.version,
    where: "notes",
    entryLabel: quote.text,
    before,
    after: quote.notes,
  });
}

/** The columns a quote's form sets, as stored. */
const columnsOf = (input: z.output<typeof createQuoteSchema>) => ({
  speakerId: input.speakerId,
  text: input.text,
  saidAt: input.saidAt?.at ?? null,
  medium: input.medium,
  link: input.link,
  language: input.language,
  verification: input.verification,
  use: input.use,
});

export async function createQuote(user: SessionUser, raw: CreateQuoteInput): Promise<QuoteView> {
  const input = parseInput(createQuoteSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const id = randomUUID();
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    await assertSpeaker(tx, access.storyId, input.speakerId);
    await tx.quote.create({
      data: { id, storyId: access.storyId, ...columnsOf(input), saidAtPrecision: input.saidAt?.precision ?? "day", notes: input.notes, loggedById: user.id },
    });
    const view = await loadEntry(access, "quote", id, tx);
    await notifyNoteMentions(tx, access, view, null);
    return view;
  });
}

export async function updateQuote(user: SessionUser, raw: UpdateQuoteInput): Promise<QuoteView> {
  const input = parseInput(updateQuoteSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const current = await loadEntryForEdit<Quote>(tx, access, "quote", input.quoteId, input.version);
    if (input.text !== current.text && input.reason.length < 3) {
      const message = "Say why the quoted words changed (for example: corrected against the recording).";
      throw new AppError("VALIDATION", { message, fieldErrors: { reason: [message] } });
    }
    if (input.speakerId !== current.speakerId) await assertSpeaker(tx, access.storyId, input.speakerId);
    const { changes } = await saveChanges(tx, "quote", current, {
      ...columnsOf(input),
      saidAtPrecision: input.saidAt?.precision ?? current.saidAtPrecision,
      notes: input.notes as Prisma.JsonValue,
    });
    const view = await loadEntry(access, "quote", current.id, tx);
    if (changes.notes !== undefined) await notifyNoteMentions(tx, access, view, current.notes as RichTextDoc);
    return view;
  });
}

export async function listQuotes(user: SessionUser, storyId: string, filters: QuoteFilters): Promise<Page<QuoteView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "quote", filters, [
    filters.speaker ? Prisma.sql`t.speaker_id = ${filters.speaker}::uuid` : null,
    columnIs("verification", filters.verification),
    columnIs("use", filters.use),
  ]);
}
