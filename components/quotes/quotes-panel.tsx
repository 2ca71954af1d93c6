import { listQuotes } from "@/lib/server/quotes";
import type { QuoteView } from "@/lib/entry-kinds/quote";
import { recentSourceOptions, type SourceOption } from "@/lib/server/sources/protection";
import type { Beside } from "@/lib/entry-kinds/read";
import { QUOTE_MEDIUM_LABELS, QUOTE_USE_LABELS, VERIFICATION_LABELS } from "@/lib/validations/quotes";
import { quoteFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { optionsOf } from "@/components/ui/field";
import { VERIFICATION_TONES } from "@/components/workspace/labels";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { panelExtras, type PanelExtras } from "@/components/workspace/entry-extras";
import type { StoryAccess } from "@/lib/server/access";
import { QuickAdd } from "@/components/workspace/quick-add";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";
import { directionOf, quoteMarks } from "@/lib/bidi";
import { dateTimeAttribute, formatApproximate } from "@/lib/approximate-date";
import { isEmptyRichText } from "@/lib/rich-text";
import { renderRichText } from "@/lib/rich-text/html";
import { rowsOf } from "@/components/workspace/entry-list";
import { QuoteRow, QuoteRows, type QuoteRowData } from "./quote-row";

function provenanceOf({ document, paragraph, status, changedBy }: NonNullable<QuoteView["provenance"]>): NonNullable<QuoteRowData["from"]> {
  return {
    doc: document.label,
    docId: document.id,
    para: paragraph,
    ...(status !== "anchored" ? { state: status } : {}),
    ...(changedBy ? { who: changedBy.label } : {}),
  };
}

/** A quote's row, said in words on the server (QuoteRow renders it). */
function quoteRow(quote: QuoteView, timeZone: string): QuoteRowData {
  const [open, close] = quoteMarks(quote.language);
  const badges: QuoteRowData["badges"] = [[VERIFICATION_TONES[quote.verification], VERIFICATION_LABELS[quote.verification]]];
  if (quote.use === "background_only") badges.push(["amber", QUOTE_USE_LABELS.background_only]);
  if (quote.deletedAt) badges.push(["red", "Deleted"]);
  return {
    words: `${open}${quote.text}${close}`,
    lang: quote.language,
    dir: directionOf(quote.text) ?? "auto",
    speaker: quote.speaker.label,
    ...(quote.speaker.deleted ? { gone: 1 as const } : {}),
    ...(quote.saidAt
      ? { at: [dateTimeAttribute(quote.saidAt, quote.saidAtPrecision), formatApproximate({ at: quote.saidAt, precision: quote.saidAtPrecision, until: quote.saidUntil }, timeZone)] as [string, string] }
      : {}),
    medium: QUOTE_MEDIUM_LABELS[quote.medium],
    badges,
    ...(quote.link ? { link: quote.link } : {}),
    ...(isEmptyRichText(quote.notes) ? {} : { notes: renderRichText(quote.notes) }),
    by: quote.loggedByName,
    ...(quote.provenance ? { from: provenanceOf(quote.provenance) } : {}),
  };
}

/** A quote read without controls (the story as of a moment): the same row, rendered on the server. */
export function QuoteSummary({ quote, storyId, timeZone }: { quote: QuoteView; storyId: string; timeZone: string }) {
  return <QuoteRow row={quoteRow(quote, timeZone)} id={quote.id} storyId={storyId} />;
}

/** How a quote is named to assistive technology, live and as of a moment. */
export const quoteLabel = (quote: QuoteView) => `quote by ${quote.speaker.label}`;

/**
 * The Speaker filter's choices (recentSourceOptions), read in the statement of the page's names
 * with the panel's extras (listQuotes' `beside`): one statement less a render, each a few tenths
 * of a millisecond of the server's CPU (lib/server/read-together.ts).
 */
function speakerFilterBeside(access: StoryAccess, speakerId: string | undefined, extras: PanelExtras): { beside: Beside; options: () => Promise<SourceOption[]> } {
  const ids = speakerId ? [speakerId] : [];
  let reading: Promise<SourceOption[]> | undefined;
  return {
    beside: (entryIds, read) => {
      reading = recentSourceOptions(access, ids, undefined, read);
      // Awaited by options(); should the statement fail, listQuotes fails with it first.
      reading.catch(() => undefined);
      return extras.beside(entryIds, read);
    },
    options: () => reading ?? recentSourceOptions(access, ids),
  };
}

export async function QuotesPanel(props: PanelProps) {
  const filters = quoteFiltersSchema.parse(props.params);
  const storyId = props.access.storyId;
  // The newest sources (and the one filtered on), not the story's every source: the Speaker
  // filter lists them (the new quote's form asks for its own when opened, issue 16).
  const extras = panelExtras(props.access, "quote", props.timeZone);
  const speakerFilter = speakerFilterBeside(props.access, filters.speaker, extras);
  const page = await listQuotes(props.user, storyId, filters, speakerFilter.beside);
  const speakers = await speakerFilter.options();
  return (
    <EntryPanelFrame
      kind="quote"
      extras={extras}
      panel={props}
      page={page}
      filters={[
        { name: "speaker", label: "Speaker", options: speakers.map((s) => ({ value: s.id, label: s.label })) },
        { name: "verification", label: "Verification", options: optionsOf(VERIFICATION_LABELS) },
        { name: "use", label: "Use", options: optionsOf(QUOTE_USE_LABELS) },
      ]}
      create={<QuickAdd label="New quote"><LazyNewForm storyId={storyId} kind="quote" extras={{ defaultSpeakerId: filters.speaker }} /></QuickAdd>}
      empty={{
        title: "No quotes logged yet.",
        write: speakers.length ? "Log the exact words and who said them: press N or “New quote”." : "Log the speaker in Sources first, then their words here.",
        read: "Quotes appear here when the team logs them.",
      }}
      labelOf={quoteLabel}
      rows={rowsOf((quote: QuoteView) => quoteRow(quote, props.timeZone), QuoteRows)}
    />
  );
}
