import "server-only";
import type { Question } from "@/lib/generated/prisma/client";
import type { RichTextDoc } from "@/lib/rich-text";
import type { SourceOption } from "@/lib/server/sources/protection";
import { PRIORITY_LABELS } from "@/lib/validations/common";
import { QUESTION_STATUS_LABELS } from "@/lib/validations/questions";
import { quoteKind, type QuoteView } from "./quote";
import { searchColumns } from "./search";
import { excerpt, rowWithout, str } from "./snapshot";
import type { EntryModule } from "./types";

// Open questions: what the desk does not know yet, why it matters, and — once answered — the
// answer with the quotes and sources that answer it.

export type QuestionView = Omit<Question, "answer" | "storyId"> & {
  answer: RichTextDoc;
  loggedByName: string;
  answerQuotes: QuoteView[];
  answerSources: SourceOption[];
};

export const questionKind: EntryModule<QuestionView, "question"> = {
  kind: "question",
  fields: [
    { key: "text", label: "Question", type: "text" },
    { key: "why_it_matters", label: "Why it matters", type: "text" },
    { key: "priority", label: "Priority", type: "enum", labels: PRIORITY_LABELS },
    { key: "status", label: "Status", type: "enum", labels: QUESTION_STATUS_LABELS },
    { key: "answer", label: "Answer", type: "rich" },
    { key: "answer_quote_ids", label: "Answering quotes", type: "quotes" },
    { key: "answer_source_ids", label: "Answering sources", type: "sources" },
  ],
  titleColumn: "text",
  people: ["logged_by_id"],
  mentions: { column: "answer", place: "answer" },
  open: ["open", "chasing"],
  orders: {
    priority: {
      label: "Open and urgent first",
      keys: [
        { column: "status", ranks: [["open", "chasing"], ["answered", "dropped"]] },
        { column: "priority", ranks: ["urgent", "high", "normal", "low"] },
        { column: "created_at", direction: "desc" },
      ],
    },
    recent: { label: "Newest first", keys: [{ column: "created_at", direction: "desc" }] },
  },
  search: searchColumns("text"),
  label: (snapshot) => excerpt(str(snapshot.text), 120),
  describe: (question) => question.text,

  async present(access, snapshots, context) {
    const { names } = context;
    const quoteIds = [...new Set(snapshots.flatMap((snapshot) => (Array.isArray(snapshot.answer_quote_ids) ? (snapshot.answer_quote_ids as string[]) : [])))];
    // The answering quotes as they are now, also on a question shown as of a past moment. Not
    // this kind's `counts`: they are per question, and `present` takes them as the quotes' own.
    const quotes = new Map((await quoteKind.present(access, names.snapshots("quote", quoteIds), { ...context, counts: undefined })).map((quote) => [quote.id, quote]));
    return snapshots.map((snapshot): QuestionView => {
      const row = rowWithout<Question, "answer" | "storyId">(snapshot, "answer", "storyId");
      return Object.assign(row, {
        answer: snapshot.answer as RichTextDoc,
        loggedByName: names.user(row.loggedById),
        answerQuotes: row.answerQuoteIds.flatMap((id) => quotes.get(id) ?? []),
        answerSources: names.sources(row.answerSourceIds),
      });
    });
  },
};
