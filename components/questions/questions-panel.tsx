import { listQuestions } from "@/lib/server/questions";
import type { QuestionView } from "@/lib/entry-kinds/question";
import { PRIORITY_LABELS } from "@/lib/validations/common";
import { QUESTION_STATUS_LABELS } from "@/lib/validations/questions";
import { questionFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { optionsOf } from "@/components/ui/field";
import { PRIORITY_TONES, QUESTION_STATUS_TONES } from "@/components/workspace/labels";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { panelExtras } from "@/components/workspace/entry-extras";
import { QuickAdd } from "@/components/workspace/quick-add";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";
import { rowsOf } from "@/components/workspace/entry-list";
import { isEmptyRichText } from "@/lib/rich-text";
import { renderRichText } from "@/lib/rich-text/html";
import { QuestionRow, QuestionRows, type QuestionRowData } from "./question-row";

/** A question's row, said in words on the server (QuestionRow renders it). */
function questionRow(question: QuestionView): QuestionRowData {
  const badges: QuestionRowData["badges"] = [
    [QUESTION_STATUS_TONES[question.status], QUESTION_STATUS_LABELS[question.status]],
    [PRIORITY_TONES[question.priority], PRIORITY_LABELS[question.priority]],
  ];
  if (question.deletedAt) badges.push(["red", "Deleted"]);
  return {
    text: question.text,
    badges,
    ...(question.whyItMatters ? { why: question.whyItMatters } : {}),
    ...(isEmptyRichText(question.answer) ? {} : { answer: renderRichText(question.answer) }),
    ...(question.answerQuotes.length
      ? { quotes: question.answerQuotes.map((quote): [string, string, string, 1?] => (quote.deletedAt ? [quote.text, quote.language, quote.speaker.label, 1] : [quote.text, quote.language, quote.speaker.label])) }
      : {}),
    ...(question.answerSources.length ? { sources: question.answerSources.map((source) => source.label).join(", ") } : {}),
    by: question.loggedByName,
  };
}

/** A question read without controls (the story as of a moment): the same row, rendered on the server. */
export function QuestionSummary({ question }: { question: QuestionView }) {
  return <QuestionRow row={questionRow(question)} />;
}

/** How a question is named to assistive technology, live and as of a moment. */
export const questionLabel = (question: QuestionView) => `question ${question.text}`;

export async function QuestionsPanel(props: PanelProps) {
  const { access } = props;
  const extras = panelExtras(access, "question", props.timeZone);
  const page = await listQuestions(props.user, access.storyId, questionFiltersSchema.parse(props.params), extras.beside);
  return (
    <EntryPanelFrame
      kind="question"
      extras={extras}
      panel={props}
      page={page}
      filters={[
        { name: "status", label: "Status", options: optionsOf(QUESTION_STATUS_LABELS) },
        { name: "priority", label: "Priority", options: optionsOf(PRIORITY_LABELS) },
      ]}
      create={<QuickAdd label="New question"><LazyNewForm storyId={access.storyId} kind="question" extras={{}} /></QuickAdd>}
      empty={{
        title: "No open questions yet.",
        write: "Write down what the desk still needs to find out: press N or “New question”.",
        read: "Questions appear here when the team logs them.",
      }}
      labelOf={questionLabel}
      rows={rowsOf(questionRow, QuestionRows)}
    />
  );
}
