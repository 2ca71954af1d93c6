"use client";
import type { ReactNode } from "react";
import type { EntryKind } from "@/lib/entry-kinds/kinds";
import type { FormOptions } from "@/lib/server/entry-forms";
import type { ClaimPrefill } from "@/components/evidence/claim-form";
import type { FollowUpPrefill } from "@/components/follow-ups/follow-up-form";

/** What a panel gives its "New …" form besides the story (the quotes panel's Speaker filter, a follow-up's or claim's prefill). */
type Extras = {
  source: object;
  quote: { defaultSpeakerId?: string };
  question: object;
  timeline_event: object;
  follow_up: { prefill?: FollowUpPrefill };
  document: object;
  claim: { prefill?: ClaimPrefill };
};
export type NewFormExtras<K extends EntryKind> = Extras[K];

const choices = (options: FormOptions["documents"]) => options.map((option) => ({ value: option.id, label: option.label }));

type RenderNew<K extends EntryKind> = (storyId: string, options: FormOptions, extras: Extras[K]) => ReactNode;

/**
 * Each kind's "New …" form, as LazyNewForm renders it once opened: `load` brings its code
 * (react-hook-form, the tiptap editor, the pickers) with a dynamic import, so the page ships
 * none of it; `options` false when its pickers need nothing from the server.
 */
export const NEW_FORMS: { [K in EntryKind]: { options: boolean; load: () => Promise<RenderNew<K>> } } = {
  source: {
    options: false,
    load: async () => {
      const { SourceForm } = await import("@/components/sources/source-form");
      return function newSource(storyId) {
        return <SourceForm storyId={storyId} />;
      };
    },
  },
  quote: {
    options: true,
    load: async () => {
      const { QuoteForm } = await import("@/components/quotes/quote-form");
      return function newQuote(storyId, _, extras) {
        return <QuoteForm storyId={storyId} defaultSpeakerId={extras.defaultSpeakerId} />;
      };
    },
  },
  question: {
    options: true,
    load: async () => {
      const { QuestionForm } = await import("@/components/questions/question-form");
      return function newQuestion(storyId) {
        return <QuestionForm storyId={storyId} />;
      };
    },
  },
  timeline_event: {
    options: true,
    load: async () => {
      const { TimelineForm } = await import("@/components/timeline/timeline-form");
      return function newEvent(storyId) {
        return <TimelineForm storyId={storyId} />;
      };
    },
  },
  follow_up: {
    options: true,
    load: async () => {
      const { FollowUpForm } = await import("@/components/follow-ups/follow-up-form");
      return function newFollowUp(storyId, options, extras) {
        return <FollowUpForm storyId={storyId} assignees={options.assignees} links={options.links} currentUserId={options.currentUserId} prefill={extras.prefill} />;
      };
    },
  },
  document: {
    options: true,
    load: async () => {
      const { ImportDocumentForm } = await import("@/components/evidence/import-form");
      return function newDocument(storyId, options) {
        return <ImportDocumentForm storyId={storyId} documents={choices(options.documents)} />;
      };
    },
  },
  claim: {
    options: true,
    load: async () => {
      const { ClaimForm } = await import("@/components/evidence/claim-form");
      return function newClaim(storyId, options, extras) {
        return <ClaimForm storyId={storyId} documents={choices(options.documents)} prefill={extras.prefill} />;
      };
    },
  },
};
