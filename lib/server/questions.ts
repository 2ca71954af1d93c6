import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db";
import type { QuestionView } from "@/lib/entry-kinds/question";
import { columnIs, listEntries, type Beside } from "@/lib/entry-kinds/read";
import { AppError } from "@/lib/errors";
import type { Prisma, Question } from "@/lib/generated/prisma/client";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { editEntry, loadEntryForEdit, saveChanges, writeEntry, type EntryEdit } from "@/lib/server/edits";
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

type QuestionInput = Pick<QuestionView, "text" | "whyItMatters" | "priority" | "status" | "answerQuoteIds" | "answerSourceIds"> & { answer: unknown };

/** The columns a question's form sets, as stored (links without repeats). */
const columnsOf = (input: QuestionInput) => ({
  text: input.text,
  whyItMatters: input.whyItMatters,
  priority: input.priority,
  status: input.status,
  answer: input.answer as Prisma.JsonValue,
  answerQuoteIds: [...new Set(input.answerQuoteIds)],
  answerSourceIds: [...new Set(input.answerSourceIds)],
});

export async function createQuestion(user: SessionUser, raw: CreateQuestionInput): Promise<QuestionView> {
  const input = parseInput(createQuestionSchema, raw);
  return writeEntry(user, input.storyId, "question", null, async (tx, access) => {
    await assertLinks(tx, access.storyId, input.answerQuoteIds, input.answerSourceIds);
    const data = { ...columnsOf(input), answer: input.answer, loggedById: user.id };
    return tx.question.create({ data: { id: randomUUID(), storyId: access.storyId, ...data }, select: { id: true } });
  });
}

export async function updateQuestion(user: SessionUser, raw: UpdateQuestionInput): Promise<QuestionView> {
  const input = parseInput(updateQuestionSchema, raw);
  // In one statement unless a linked quote or source is not the story's (assertLinks: checked on every edit).
  const edit: EntryEdit<Question> = {
    id: input.questionId,
    version: input.version,
    next: columnsOf(input),
    refs: [
      { field: "answerQuoteIds", kind: "quote", always: true },
      { field: "answerSourceIds", kind: "source", always: true },
    ],
  };
  return editEntry(user, input.storyId, "question", input.reason || null, edit, async (tx, access, loaded) => {
    const current = await loadEntryForEdit<Question>(tx, access, "question", input.questionId, input.version, undefined, loaded);
    await assertLinks(tx, access.storyId, input.answerQuoteIds, input.answerSourceIds);
    const saved = await saveChanges(tx, "question", current, columnsOf(input));
    return { id: current.id, before: current, after: saved.snapshot };
  });
}

export async function listQuestions(user: SessionUser, storyId: string, filters: QuestionFilters, beside?: Beside): Promise<Page<QuestionView>> {
  const access = await storyAccessFor(user, storyId, "reader");
  return listEntries(access, "question", filters, [columnIs("status", filters.status), columnIs("priority", filters.priority)], beside);
}
