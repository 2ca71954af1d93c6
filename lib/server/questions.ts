import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { QuestionView } from "@/lib/entry-kinds/question";
import { columnIs, listEntries, loadEntry } from "@/lib/entry-kinds/read";
import type { Prisma, Question } from "@/lib/generated/prisma/client";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor, type SessionUser, type StoryAccess } from "@/lib/server/access";
import { loadEntryForEdit, saveChanges } from "@/lib/server/edit-guard";
import { writeWithRevision } from "@/lib/server/ledger";
import { notifyMentions } from "@/lib/server/notifications/mentions";
import type { Page } from "@/lib/server/paging";
import { parseInput } from "@/lib/validations/parse";
import { createQuestionSchema, updateQuestionSchema, type CreateQuestionInput, type UpdateQuestionInput } from "@/lib/validations/questions";
import type { QuestionFilters } from "@/lib/validations/workspace";

// Open questions: what the desk does not know yet, why it matters, and — once answered —
// the answer with the quotes and sources that answer it.

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

type QuestionInput = { text: string; whyItMatters: string; priority: QuestionView["priority"]; status: QuestionView["status"]; answerQuoteIds: string[]; answerSourceIds: string[] };

/** The columns a question's form sets, as stored (links without repeats). */
const columnsOf = (input: QuestionInput) => ({
  text: input.text,
  whyItMatters: input.whyItMatters,
  priority: input.priority,
  status: input.status,
  answerQuoteIds: [...new Set(input.answerQuoteIds)],
  answerSourceIds: [...new Set(input.answerSourceIds)],
});

export async function createQuestion(user: SessionUser, raw: CreateQuestionInput): Promise<QuestionView> {
  const input = parseInput(createQuestionSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  const id = randomUUID();
  return writeWithRevision({ actorId: user.id, storyId: access.storyId }, async (tx) => {
    await assertLinks(tx, access.storyId, input.answerQuoteIds, input.answerSourceIds);
    await tx.question.create({ data: { id, storyId: access.storyId, ...columnsOf(input), answer: input.answer, loggedById: user.id } });
    const view = await loadEntry(access, "question", id, tx);
    await notifyAnswerMentions(tx, access, view, null);
    return view;
  });
}

export async function updateQuestion(user: SessionUser, raw: UpdateQuestionInput): Promise<QuestionView> {
  const input = parseInput(updateQuestionSchema, raw);
  const access = await storyAccessFor(user, input.storyId, "contributor");
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: input.reason || null }, async (tx) => {
    const current = await loadEntryForEdit<Question>(tx, access, "question", input.questionId, input.version);
    await assertLinks(tx, access.storyId, input.answerQuoteIds, input.answerSourceIds);
    const { changes } = await saveChanges(tx, "question", current, { ...columnsOf(input), answer: input.answer as Prisma.JsonValue });
    const view = await loadEntry(access, "question", current.id, tx);
    if (changes.answer !== undefined) await notifyAnswerMentions(tx, access, view, current.answer as RichTextDoc);
    return view;
  });
}

export async function listQuestions(user: SessionUser, storyId: string, filters: QuestionFilters): Promise<Page<QuestionView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "question", filters, [columnIs("status", filters.status), columnIs("priority", filters.priority)]);
}
