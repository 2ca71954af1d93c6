import Link from "next/link";
import { listQuotes } from "@/lib/server/quotes";
import type { QuoteView } from "@/lib/entry-kinds/quote";
import { sourceOptions } from "@/lib/server/sources/protection";
import { QUOTE_MEDIUM_LABELS, QUOTE_USE_LABELS, VERIFICATION_LABELS } from "@/lib/validations/quotes";
import { quoteFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { RichTextView } from "@/components/editor/rich-text-view";
import { Badge } from "@/components/ui/badge";
import { optionsOf } from "@/components/ui/field";
import { EmptyState } from "@/components/workspace/empty-state";
import { EntryList } from "@/components/workspace/entry-list";
import { loadEntryExtras } from "@/components/workspace/entry-extras";
import { EntryOptionsProvider } from "@/components/workspace/entry-options";
import { FilterBar } from "@/components/workspace/filter-bar";
import { VERIFICATION_TONES } from "@/components/workspace/labels";
import { Moment } from "@/components/workspace/moment";
import { Pagination } from "@/components/workspace/pagination";
import { QuickAdd } from "@/components/workspace/quick-add";
import { QuoteForm } from "./quote-form";

export function QuoteSummary({ quote, storyId }: { quote: QuoteView; storyId: string }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <blockquote lang={quote.language} dir="auto" className="border-l-2 border-slate-300 pl-3 text-slate-900">
        “{quote.text}”
      </blockquote>
      <p className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
        <span>
          —{" "}
          <Link href={`/stories/${storyId}?tab=sources&q=${encodeURIComponent(quote.speaker.label)}`} className="font-medium text-slate-800 hover:underline">
            {quote.speaker.label}
          </Link>
          {quote.speaker.deleted ? " (deleted source)" : ""}
        </span>
        {quote.saidAt ? (
          <span>
            · <Moment at={quote.saidAt} precision={quote.saidAtPrecision} />
          </span>
        ) : null}
        <span>· {QUOTE_MEDIUM_LABELS[quote.medium]}</span>
        <Badge tone={VERIFICATION_TONES[quote.verification]}>{VERIFICATION_LABELS[quote.verification]}</Badge>
        {quote.use === "background_only" ? <Badge tone="amber">{QUOTE_USE_LABELS.background_only}</Badge> : null}
        {quote.deletedAt ? <Badge tone="red">Deleted</Badge> : null}
        {quote.link ? (
          <a href={quote.link} target="_blank" rel="noopener noreferrer nofollow" className="text-blue-700 underline">
            link
          </a>
        ) : null}
      </p>
      <RichTextView doc={quote.notes} className="text-slate-700" />
      <p className="text-xs text-slate-500">Logged by {quote.loggedByName}</p>
    </div>
  );
}

/** How a quote is named to assistive technology, live and as of a moment. */
export const quoteLabel = (quote: QuoteView) => `quote by ${quote.speaker.label}`;

export async function QuotesPanel({ user, access, params, timeZone }: PanelProps) {
  const filters = quoteFiltersSchema.parse(params);
  const [page, speakers] = await Promise.all([listQuotes(user, access.storyId, filters), sourceOptions(access)]);
  const extras = await loadEntryExtras(access, "quote", page.items.map((item) => item.id), timeZone);
  const canWrite = access.role !== "reader";
  const filtered = Boolean(filters.q || filters.speaker || filters.verification || filters.use);
  const speakerOptions = speakers.map((speaker) => ({ id: speaker.id, label: speaker.label }));
  return (
    <EntryOptionsProvider sources={speakerOptions}>
    <section aria-label="Quotes" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <FilterBar
          searchLabel="Search quotes"
          filters={[
            { name: "speaker", label: "Speaker", options: speakers.map((s) => ({ value: s.id, label: s.label })) },
            { name: "verification", label: "Verification", options: optionsOf(VERIFICATION_LABELS) },
            { name: "use", label: "Use", options: optionsOf(QUOTE_USE_LABELS) },
          ]}
          sorts={[
            { value: "recent", label: "Newest logged" },
            { value: "said", label: "Said: latest first" },
            { value: "said_asc", label: "Said: earliest first" },
          ]}
        />
        {canWrite && !filters.deleted ? (
          <QuickAdd label="New quote">
            <QuoteForm storyId={access.storyId} defaultSpeakerId={filters.speaker} />
          </QuickAdd>
        ) : null}
      </div>
      {page.items.length === 0 ? (
        <EmptyState title={filters.deleted ? "No deleted quotes." : filtered ? "No quote matches these filters." : "No quotes logged yet."}>
          {filters.deleted || filtered
            ? "Clear the filters to see every quote."
            : canWrite
              ? speakers.length
                ? "Log the exact words and who said them: press N or “New quote”."
                : "Log the speaker in Sources first, then their words here."
              : "Quotes appear here when the team logs them."}
        </EmptyState>
      ) : (
        <EntryList
          extras={extras}
          items={page.items}
          storyId={access.storyId}
          kind="quote"
          canWrite={canWrite}
          labelOf={quoteLabel}
          formOf={(quote) => <QuoteForm storyId={access.storyId} quote={quote} />}
          summaryOf={(quote) => <QuoteSummary quote={quote} storyId={access.storyId} />}
        />
      )}
      <Pagination page={page.page} pageCount={page.pageCount} total={page.total} params={params} />
    </section>
    </EntryOptionsProvider>
  );
}
