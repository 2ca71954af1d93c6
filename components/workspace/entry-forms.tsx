"use client";
import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import type { EntryFormData } from "@/lib/server/entry-forms";
import type { ViewOf } from "@/lib/entry-kinds";

// Each kind's edit form, by the registry's kinds, as LazyEntryForm renders it once the form's
// data has arrived. The forms are loaded with next/dynamic: their code (react-hook-form, the
// tiptap editor, the pickers) reaches the browser when a form is first opened, not with the page.

const loading = () => (
  <p role="status" className="text-xs text-slate-500">
    Loading the form…
  </p>
);
const SourceForm = dynamic(() => import("@/components/sources/source-form").then((m) => m.SourceForm), { loading });
const QuoteForm = dynamic(() => import("@/components/quotes/quote-form").then((m) => m.QuoteForm), { loading });
const QuestionForm = dynamic(() => import("@/components/questions/question-form").then((m) => m.QuestionForm), { loading });
const TimelineForm = dynamic(() => import("@/components/timeline/timeline-form").then((m) => m.TimelineForm), { loading });
const FollowUpForm = dynamic(() => import("@/components/follow-ups/follow-up-form").then((m) => m.FollowUpForm), { loading });
const ClaimForm = dynamic(() => import("@/components/evidence/claim-form").then((m) => m.ClaimForm), { loading });

type EditForm<K extends EntryKind> = (entry: ViewOf<K>, options: EntryFormData["options"], storyId: string) => ReactNode;

/** The kinds whose entries have an edit form (a document is changed by importing a new take). */
export const EDIT_FORMS: { [K in EntryKind]?: EditForm<K> } = {
  source: (source, _, storyId) => <SourceForm storyId={storyId} source={source} />,
  quote: (quote, _, storyId) => <QuoteForm storyId={storyId} quote={quote} />,
  question: (question, _, storyId) => <QuestionForm storyId={storyId} question={question} />,
  timeline_event: (event, _, storyId) => <TimelineForm storyId={storyId} event={event} />,
  follow_up: (followUp, options, storyId) => (
    <FollowUpForm storyId={storyId} followUp={followUp} assignees={options.assignees} links={options.links} currentUserId={options.currentUserId} />
  ),
  claim: (claim, options, storyId) => <ClaimForm storyId={storyId} claim={claim} documents={options.documents.map((d) => ({ value: d.id, label: d.label }))} />,
};
