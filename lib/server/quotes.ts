import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { writeWithRevision } from "@/lib/server/ledger";
import { notifyMentions } from "@/lib/server/notifications/mentions";
import { changedFields, pageArgs, pageOf, type Page } from "@/lib/server/paging";
import { sourceOptions } from "@/lib/server/sources";
import { parseInput } from "@/lib/validations/parse";
import { createQuoteSchema, updateQuoteSchema, type CreateQuoteInput, type UpdateQuoteInput } from "@/lib/validations/quotes";
import type { QuoteFilters } from "@/lib/validations/workspace";

// Quotes: the exact words, who said them (a source of the story), when and where. A
// quote is never edited silently: changing its words requires a reason, kept in the revision.

const LOGGED_BY = { loggedBy: { select: { name: true } } } as const;
export type QuoteRow = Prisma.QuoteGetPayload<{ include: typeof LOGGED_BY }>;

export type QuoteView = Omit<QuoteRow, "loggedBy" | "notes" | "storyId"> & {
  notes: RichTextDoc;
  loggedByName: string;
  /** The speaker as this user may name them (an alias for a hidden confidential source). */
  speaker: { id: string; label: string; deleted: boolean };
};

export async function present(access: StoryAccess, rows: QuoteRow[], client: Tx = db()): Promise<QuoteView[]> {
  const speakers = new Map((await sourceOptions(access, [...new Set(rows.map((row) => row.speakerId))], client)).map((option) => [option.id, option]));
  return rows.map(({ loggedBy, notes, storyId: _storyId, ...row }) => ({
    ...row,
    notes: notes as RichTextDoc,
    loggedByName: loggedBy.name,
    speaker: speakers.get(row.speakerId) ?? { id: row.speakerId, label: "Unknown source", deleted: true },
  }));
}

async function loadView(tx: Tx, access: StoryAccess, quoteId: string): Promise<QuoteView> {
  const row = await tx.quote.findFirstOrThrow({ where: { id: quoteId, storyId: access.storyId }, include: { loggedBy: { select: { name: true } } } });
  return (await present(access, [row], tx))[0]!;
}

async function assertSpeaker(tx: Tx, storyId: string, speakerId: string): Promise<void> {
  const speaker = await tx.source.findFirst({ where: { id: speakerId, storyId, deletedAt: null }, select: { id: true } });
  if (!speaker) {
    const message = "Choose a speaker from this story's sources.";
    throw new AppError("VALIDATION", { message, fieldErrors: { speakerId: [message] } });
  }
}

export async function createQuote(user: SessionUser, raw: CreateQuoteInput): Promise<QuoteView> {
  const input = parseInput(createQuoteSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const id = randomUUID();
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    await assertSpeaker(tx, access.storyId, input.speakerId);
    await tx.quote.create({
      data: {
        id,
        storyId: access.storyId,
        speakerId: input.speakerId,
        text: input.text,
        saidAt: input.saidAt?.at ?? null,
        saidAtPrecision: input.saidAt?.precision ?? "day",
        medium: input.medium,
        link: input.link,
        language: input.language,
        verification: input.verification,
        use: input.use,
        notes: input.notes,
        loggedById: user.id,
      },
    });
    const view = await loadView(tx, access, id);
    await notifyNoteMentions(tx, access, view, null);
    return view;
  });
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

export async function updateQuote(user: SessionUser, raw: UpdateQuoteInput): Promise<QuoteView> {
  const input = parseInput(updateQuoteSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const current = await tx.quote.findFirst({ where: { id: input.quoteId, storyId: access.storyId }, include: LOGGED_BY });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.version !== input.version) throw new AppError("CONFLICT", { latest: await loadView(tx, access, current.id) });
    if (current.deletedAt) throw new AppError("CONFLICT", { message: "This quote was deleted meanwhile. Restore it to edit it." });
    if (input.text !== current.text && input.reason.length < 3) {
      const message = "Say why the quoted words changed (for example: corrected against the recording).";
      throw new AppError("VALIDATION", { message, fieldErrors: { reason: [message] } });
    }
    if (input.speakerId !== current.speakerId) await assertSpeaker(tx, access.storyId, input.speakerId);
    const changes = changedFields(current, {
      speakerId: input.speakerId,
      text: input.text,
      saidAt: input.saidAt?.at ?? null,
      saidAtPrecision: input.saidAt?.precision ?? current.saidAtPrecision,
      medium: input.medium,
      link: input.link,
      language: input.language,
      verification: input.verification,
      use: input.use,
      notes: input.notes as Prisma.JsonValue,
    });
    const { notes, loggedBy: _unchanged, ...rest } = changes;
    const row =
      Object.keys(rest).length > 0 || notes !== undefined
        ? await tx.quote.update({
            where: { id: current.id, version: input.version },
            data: { ...rest, ...(notes !== undefined ? { notes: notes as Prisma.InputJsonValue } : {}), version: { increment: 1 } },
            include: LOGGED_BY,
          })
        : current;
    const view = (await present(access, [row], tx))[0]!;
    if (notes !== undefined) await notifyNoteMentions(tx, access, view, current.notes as RichTextDoc);
    return view;
  });
}

export async function listQuotes(user: SessionUser, storyId: string, filters: QuoteFilters): Promise<Page<QuoteView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  const where: Prisma.QuoteWhereInput = {
    storyId: access.storyId,
    deletedAt: filters.deleted ? { not: null } : null,
    ...(filters.focus ? { id: filters.focus } : {}),
    ...(filters.speaker ? { speakerId: filters.speaker } : {}),
    ...(filters.verification ? { verification: filters.verification } : {}),
    ...(filters.use ? { use: filters.use } : {}),
    ...(filters.q ? { text: { contains: filters.q, mode: "insensitive" } } : {}),
  };
  const orderBy: Prisma.QuoteOrderByWithRelationInput[] =
    filters.sort === "said"
      ? [{ saidAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }]
      : filters.sort === "said_asc"
        ? [{ saidAt: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }]
        : [{ createdAt: "desc" }];
  const [total, rows] = await Promise.all([
    db().quote.count({ where }),
    db().quote.findMany({ where, orderBy, ...pageArgs(filters.page), include: { loggedBy: { select: { name: true } } } }),
  ]);
  return pageOf(await present(access, rows), total, filters.page);
}

/** Quotes by id, for showing what answers a question. */
export async function quotesById(access: StoryAccess, ids: string[], client: Tx = db()): Promise<Map<string, QuoteView>> {
  if (ids.length === 0) return new Map();
  const rows = await client.quote.findMany({ where: { storyId: access.storyId, id: { in: ids } }, include: { loggedBy: { select: { name: true } } } });
  return new Map((await present(access, rows, client)).map((quote) => [quote.id, quote]));
}

/** The most recent quotes as short labels, for linking from questions. */
export async function quoteOptions(access: StoryAccess, take = 300): Promise<{ id: string; label: string }[]> {
  const rows = await db().quote.findMany({
    where: { storyId: access.storyId, deletedAt: null },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, text: true, speakerId: true },
  });
  const speakers = new Map((await sourceOptions(access, [...new Set(rows.map((row) => row.speakerId))])).map((s) => [s.id, s.label]));
  return rows.map((row) => ({
    id: row.id,
    label: `${speakers.get(row.speakerId) ?? "Unknown"}: “${row.text.length > 80 ? `${row.text.slice(0, 79)}…` : row.text}”`,
  }));
}
