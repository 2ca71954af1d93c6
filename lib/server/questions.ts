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
import { quotesById, type QuoteView } from "@/lib/server/quotes";
import { sourceOptions, type SourceOption } from "@/lib/server/sources";
import { parseInput } from "@/lib/validations/parse";
import {
  createQuestionSchema,
  updateQuestionSchema,
  type CreateQuestionInput,
  type UpdateQuestionInput,
} from "@/lib/validations/questions";
import type { QuestionFilters } from "@/lib/validations/workspace";

// Open questions: what the desk does not know yet, why it matters, and — once answered —
// the answer with the quotes and sources that answer it.

export type QuestionRow = Prisma.QuestionGetPayload<{ include: { loggedBy: { select: { name: true } } } }>;

export type QuestionView = Omit<QuestionRow, "loggedBy" | "answer" | "storyId"> & {
  answer: RichTextDoc;
  loggedByName: string;
  answerQuotes: QuoteView[];
  answerSources: SourceOption[];
};

export async function present(access: StoryAccess, rows: QuestionRow[], client: Tx = db()): Promise<QuestionView[]> {
  const quotes = await quotesById(access, [...new Set(rows.flatMap((row) => row.answerQuoteIds))], client);
  const sources = new Map((await sourceOptions(access, [...new Set(rows.flatMap((row) => row.answerSourceIds))], client)).map((s) => [s.id, s]));
  return rows.map(({ loggedBy, answer, storyId: _storyId, ...row }) => ({
    ...row,
    answer: answer as RichTextDoc,
    loggedByName: loggedBy.name,
    answerQuotes: row.answerQuoteIds.flatMap((quoteId) => quotes.get(quoteId) ?? []),
    answerSources: row.answerSourceIds.flatMap((sourceId) => sources.get(sourceId) ?? []),
  }));
}

async function loadView(tx: Tx, access: StoryAccess, questionId: string): Promise<QuestionView> {
  const row = await tx.question.findFirstOrThrow({ where: { id: questionId, storyId: access.storyId }, include: { loggedBy: { select: { name: true } } } });
  return (await present(access, [row], tx))[0]!;
}

/** Linked quotes and sources must be entries of the same story. */
async function assertLinks(tx: Tx, storyId: string, quoteIds: string[], sourceIds: string[]): Promise<void> {
  const [quotes, sources] = await Promise.all([
    tx.quote.count({ where: { storyId, id: { in: quoteIds } } }),
    tx.source.count({ where: { storyId, id: { in: sourceIds } } }),
  ]);
  if (quotes !== new Set(quoteIds).size) {
    throw new AppError("VALIDATION", { fieldErrors: { answerQuoteIds: ["Link only quotes of this story."] } });
  }
  if (sources !== new Set(sourceIds).size) {
    throw new AppError("VALIDATION", { fieldErrors: { answerSourceIds: ["Link only sources of this story."] } });
  }
}

export async function createQuestion(user: SessionUser, raw: CreateQuestionInput): Promise<QuestionView> {
  const input = parseInput(createQuestionSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const id = randomUUID();
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    await assertLinks(tx, access.storyId, input.answerQuoteIds, input.answerSourceIds);
    await tx.question.create({
      data: {
        id,
        storyId: access.storyId,
        text: input.text,
        whyItMatters: input.whyItMatters,
        priority: input.priority,
        status: input.status,
        answer: input.answer,
        answerQuoteIds: [...new Set(input.answerQuoteIds)],
        answerSourceIds: [...new Set(input.answerSourceIds)],
        loggedById: user.id,
      },
    });
    const view = await loadView(tx, access, id);
    await notifyAnswerMentions(tx, access, view, null);
    return view;
  });
}

/** Notifies members newly @mentioned in a question's answer (inside the write's transaction). */
async function notifyAnswerMentions(tx: Tx, access: StoryAccess, question: QuestionView, before: RichTextDoc | null) {
  await notifyMentions(tx, {
    storyId: access.storyId,
    actorId: access.user.id,
    entityType: "question",
    entityId: question.id,
    version: question.version,
    where: "answer",
    entryLabel: question.text,
    before,
    after: question.answer,
  });
}

export async function updateQuestion(user: SessionUser, raw: UpdateQuestionInput): Promise<QuestionView> {
  const input = parseInput(updateQuestionSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const current = await tx.question.findFirst({ where: { id: input.questionId, storyId: access.storyId } });
    if (!current) throw new AppError("NOT_FOUND");
    if (current.version !== input.version) throw new AppError("CONFLICT", { latest: await loadView(tx, access, current.id) });
    if (current.deletedAt) throw new AppError("CONFLICT", { message: "This question was deleted meanwhile. Restore it to edit it." });
    await assertLinks(tx, access.storyId, input.answerQuoteIds, input.answerSourceIds);
    const { answer, ...changes } = changedFields(current, {
      text: input.text,
      whyItMatters: input.whyItMatters,
      priority: input.priority,
      status: input.status,
      answer: input.answer as Prisma.JsonValue,
      answerQuoteIds: [...new Set(input.answerQuoteIds)],
      answerSourceIds: [...new Set(input.answerSourceIds)],
    });
    if (Object.keys(changes).length > 0 || answer !== undefined) {
      await tx.question.update({
        where: { id: current.id, version: input.version },
        data: { ...changes, ...(answer !== undefined ? { answer: answer as Prisma.InputJsonValue } : {}), version: { increment: 1 } },
      });
    }
    const view = await loadView(tx, access, current.id);
    if (answer !== undefined) await notifyAnswerMentions(tx, access, view, current.answer as RichTextDoc);
    return view;
  });
}


export async function listQuestions(user: SessionUser, storyId: string, filters: QuestionFilters): Promise<Page<QuestionView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  const where: Prisma.QuestionWhereInput = {
    storyId: access.storyId,
    deletedAt: filters.deleted ? { not: null } : null,
    ...(filters.focus ? { id: filters.focus } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.priority ? { priority: filters.priority } : {}),
    ...(filters.q ? { text: { contains: filters.q, mode: "insensitive" } } : {}),
  };
  // The enum's declared order is low→urgent; "priority" sorts urgent first, open before settled.
  const orderBy: Prisma.QuestionOrderByWithRelationInput[] =
    filters.sort === "priority" ? [{ status: "asc" }, { priority: "desc" }, { createdAt: "desc" }] : [{ createdAt: "desc" }];
  const [total, rows] = await Promise.all([
    db().question.count({ where }),
    db().question.findMany({ where, orderBy, ...pageArgs(filters.page), include: { loggedBy: { select: { name: true } } } }),
  ]);
  return pageOf(await present(access, rows), total, filters.page);
}

