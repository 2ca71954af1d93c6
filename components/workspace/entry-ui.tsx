import type { ReactNode } from "react";
import type { ViewOf } from "@/lib/entry-kinds";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import { ClaimSummary, ClaimsPanel, claimLabel } from "@/components/evidence/claims-panel";
import { DocumentSummary, DocumentsPanel, documentLabel } from "@/components/evidence/documents-panel";
import { FollowUpSummary } from "@/components/follow-ups/follow-up-summary";
import { FollowUpsPanel, followUpLabel } from "@/components/follow-ups/follow-ups-panel";
import { QuestionSummary, QuestionsPanel, questionLabel } from "@/components/questions/questions-panel";
import { QuoteSummary, QuotesPanel, quoteLabel } from "@/components/quotes/quotes-panel";
import { SourceSummary, SourcesPanel, sourceLabel } from "@/components/sources/sources-panel";
import { EventSummary, TimelinePanel, eventLabel } from "@/components/timeline/timeline-panel";
import type { PanelProps } from "./panel-props";

// Each entry kind's UI, by the registry's kinds (lib/entry-kinds/kinds.ts): its live panel, and
// how one entry reads where it is shown without controls (the story as of a moment).

type ReadOnly<K extends EntryKind> = { view: ViewOf<K>; storyId: string; timeZone: string };

export type EntryUiOf<K extends EntryKind> = {
  Panel: (props: PanelProps) => Promise<ReactNode>;
  /** The entry's accessible name (the article's label). */
  labelOf: (view: ViewOf<K>) => string;
  Summary: (props: ReadOnly<K>) => ReactNode;
};

export const ENTRY_UI: { [K in EntryKind]: EntryUiOf<K> } = {
  source: { Panel: SourcesPanel, labelOf: sourceLabel, Summary: ({ view, storyId }) => <SourceSummary source={view} storyId={storyId} /> },
  quote: { Panel: QuotesPanel, labelOf: quoteLabel, Summary: ({ view, storyId, timeZone }) => <QuoteSummary quote={view} storyId={storyId} timeZone={timeZone} /> },
  question: { Panel: QuestionsPanel, labelOf: questionLabel, Summary: ({ view }) => <QuestionSummary question={view} /> },
  timeline_event: { Panel: TimelinePanel, labelOf: eventLabel, Summary: ({ view, timeZone }) => <EventSummary event={view} timeZone={timeZone} /> },
  follow_up: {
    Panel: FollowUpsPanel,
    labelOf: followUpLabel,
    Summary: ({ view, storyId, timeZone }) => <FollowUpSummary followUp={view} storyId={storyId} timeZone={timeZone} />,
  },
  document: { Panel: DocumentsPanel, labelOf: documentLabel, Summary: ({ view, storyId, timeZone }) => <DocumentSummary document={view} storyId={storyId} timeZone={timeZone} /> },
  claim: { Panel: ClaimsPanel, labelOf: claimLabel, Summary: ({ view, storyId }) => <ClaimSummary claim={view} storyId={storyId} /> },
};
