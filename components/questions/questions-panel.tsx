import { listQuestions } from "@/lib/server/questions";
import type { QuestionView } from "@/lib/entry-kinds/question";
import { PRIORITY_LABELS } from "@/lib/validations/common";
import { QUESTION_STATUS_LABELS } from "@/lib/validations/questions";
import { questionFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { RichTextView } from "@/components/editor/rich-text-view";
import { Badge } from "@/components/ui/badge";
import { optionsOf } from "@/components/ui/field";
import { PRIORITY_TONES, QUESTION_STATUS_TONES } from "@/components/workspace/labels";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { QuickAdd } from "@/components/workspace/quick-add";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";

export function QuestionSummary({ question }: { question: QuestionView }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <div className="flex flex-wrap items-center gap-1.5">
        <h3 className="font-medium text-slate-900">{question.text}</h3>
        <Badge tone={QUESTION_STATUS_TONES[question.status]}>{QUESTION_STATUS_LABELS[question.status]}</Badge>
        <Badge tone={PRIORITY_TONES[question.priority]}>{PRIORITY_LABELS[question.priority]}</Badge>
        {question.deletedAt ? <Badge tone="red">Deleted</Badge> : null}
      </div>
      {question.whyItMatters ? <p className="text-slate-700">Why it matters: {question.whyItMatters}</p> : null}
      <RichTextView doc={question.answer} className="rounded bg-emerald-50/60 px-2 py-1 text-slate-800" />
      {question.answerQuotes.length > 0 ? (
        <ul aria-label="Answering quotes" className="flex flex-col gap-1">
          {question.answerQuotes.map((quote) => (
            <li key={quote.id} className="text-xs text-slate-700">
              “<bdi lang={quote.language}>{quote.text}</bdi>” — <bdi className="font-medium">{quote.speaker.label}</bdi>
              {quote.deletedAt ? " (deleted quote)" : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {question.answerSources.length > 0 ? (
        <p className="text-xs text-slate-600">Sources: {question.answerSources.map((source) => source.label).join(", ")}</p>
      ) : null}
      <p className="text-xs text-slate-500">Logged by {question.loggedByName}</p>
    </div>
  );
}

/** How a question is named to assistive technology, live and as of a moment. */
export const questionLabel = (question: QuestionView) => `question ${question.text}`;

export async function QuestionsPanel(props: PanelProps) {
  const { access } = props;
  const page = await listQuestions(props.user, access.storyId, questionFiltersSchema.parse(props.params));
  return (
    <EntryPanelFrame
      kind="question"
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
      summaryOf={(question) => <QuestionSummary question={question} />}
    />
  );
}
