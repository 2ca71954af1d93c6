import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Tx } from "@/lib/db";
import type { QuoteView } from "@/lib/entry-kinds/quote";
import { columnIs, listEntries, type Beside } from "@/lib/entry-kinds/read";
import { AppError } from "@/lib/errors";
import { Prisma, type Quote } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { editEntry, loadEntryForEdit, saveChanges, writeEntry, type EntryEdit } from "@/lib/server/edits";
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

/** The columns a quote's form sets, as stored. */
const columnsOf = (input: z.output<typeof createQuoteSchema>) => ({
  speakerId: input.speakerId,
  text: input.text,
  saidAt: input.saidAt?.at ?? null,
  saidUntil: input.saidAt?.until ?? null,
  medium: input.medium,
  link: input.link,
  language: input.language,
  verification: input.verification,
  use: input.use,
  notes: input.notes as Prisma.JsonValue,
});

export async function createQuote(user: SessionUser, raw: CreateQuoteInput): Promise<QuoteView> {
  const input = parseInput(createQuoteSchema, raw);
  return writeEntry(user, input.storyId, "quote", null, async (tx, access) => {
    await assertSpeaker(tx, access.storyId, input.speakerId);
    const data = { ...columnsOf(input), notes: input.notes, saidAtPrecision: input.saidAt?.precision ?? "day", loggedById: user.id };
    return tx.quote.create({ data: { id: randomUUID(), storyId: access.storyId, ...data }, select: { id: true } });
  });
}

export async function updateQuote(user: SessionUser, raw: UpdateQuoteInput): Promise<QuoteView> {
  const input = parseInput(updateQuoteSchema, raw);
  const next = { ...columnsOf(input), saidAtPrecision: input.saidAt?.precision };
  // In one statement unless the words change without a reason, or the speaker is not one of the story's live sources.
  const edit: EntryEdit<Quote> = {
    id: input.quoteId,
    version: input.version,
    next,
    guarded: input.reason.length < 3 ? ["text"] : [],
    refs: [{ field: "speakerId", kind: "source", live: true }],
  };
  return editEntry(user, input.storyId, "quote", input.reason || null, edit, async (tx, access, loaded) => {
    const current = await loadEntryForEdit<Quote>(tx, access, "quote", input.quoteId, input.version, undefined, loaded);
    if (input.text !== current.text && input.reason.length < 3) {
      const message = "Say why the quoted words changed (for example: corrected against the recording).";
      throw new AppError("VALIDATION", { message, fieldErrors: { reason: [message] } });
    }
    if (input.speakerId !== current.speakerId) await assertSpeaker(tx, access.storyId, input.speakerId);
    const saved = await saveChanges(tx, "quote", current, { ...next, saidAtPrecision: next.saidAtPrecision ?? current.saidAtPrecision });
    return { id: current.id, before: current, after: saved.snapshot };
  });
}

export async function listQuotes(user: SessionUser, storyId: string, filters: QuoteFilters, beside?: Beside): Promise<Page<QuoteView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "quote", filters, [
    filters.speaker ? Prisma.sql`t.speaker_id = ${filters.speaker}::uuid` : null,
    columnIs("verification", filters.verification),
    columnIs("use", filters.use),
  ], beside);
}
