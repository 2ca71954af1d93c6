import "server-only";
import { isolate } from "@/lib/bidi";
import type { Quote } from "@/lib/generated/prisma/client";
import type { RichTextDoc } from "@/lib/rich-text";
import { QUOTE_MEDIUM_LABELS, QUOTE_USE_LABELS, VERIFICATION_LABELS } from "@/lib/validations/quotes";
import { ANCHOR_STATUS_LABELS } from "@/lib/validations/evidence";
import { anchorOf } from "./passages";
import { searchColumns } from "./search";
import { excerpt, rowWithout, str } from "./snapshot";
import { approximateDateKeys } from "./order";
import type { EntryModule, PresentContext } from "./types";

const SAID = { at: "said_at", precision: "said_at_precision", until: "said_until" };

// Quotes: the exact words, who said them (a source of the story, named as the reader may name
// it), when and where.

export type QuoteView = Omit<Quote, "notes" | "storyId"> & {
  notes: RichTextDoc;
  loggedByName: string;
  /** The speaker as this user may name them (an alias for a hidden confidential source). */
  speaker: { id: string; label: string; deleted: boolean };
  /** Where the words came from (issue 17): the take to open, its paragraph, and whether a later take changed them. */
  provenance: { document: { id: string; label: string; deleted: boolean }; paragraph: number; status: "anchored" | "changed" | "orphan"; changedBy: { id: string; label: string } | null } | null;
};

/** The take a quote's anchor points into: the latest checked, unless its words are gone from it (then the one it was logged from). */
const takeOf = (quote: Pick<Quote, "documentId" | "anchorCheckedId" | "anchorStatus">) => (quote.anchorStatus === "orphan" ? quote.documentId : quote.anchorCheckedId);

/** The paragraph (from 1) each anchored quote's words start in, in one query. */
async function paragraphsOf(client: PresentContext["client"], quotes: Pick<Quote, "id" | "documentId" | "anchorCheckedId" | "anchorStatus" | "anchor">[]): Promise<Map<string, number>> {
  const wanted = quotes.flatMap((quote) => {
    const anchor = anchorOf(quote.anchor);
    const take = takeOf(quote);
    return anchor && take ? [{ id: quote.id, take, start: anchor[1].start }] : [];
  });
  if (wanted.length === 0) return new Map();
  const rows = await client.$queryRaw<{ id: string; paragraph: number }[]>`
    SELECT w.id, coalesce(array_length(regexp_split_to_array(left(d.body, w.start), E'\n\n'), 1), 1) AS paragraph
      FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w(id text, take uuid, start int)
      JOIN documents d ON d.id = w.take`;
  return new Map(rows.map((row) => [row.id, row.paragraph]));
}

export const quoteKind: EntryModule<QuoteView, "quote"> = {
  kind: "quote",
  fields: [
    { key: "text", label: "Words", type: "text" },
    { key: "speaker_id", label: "Speaker", type: "source" },
    { key: "said_at", label: "Said", type: "moment", precisionKey: "said_at_precision", untilKey: "said_until" },
    { key: "medium", label: "Medium", type: "enum", labels: QUOTE_MEDIUM_LABELS },
    { key: "language", label: "Language", type: "text" },
    { key: "verification", label: "Verification", type: "enum", labels: VERIFICATION_LABELS },
    { key: "use", label: "Use", type: "enum", labels: QUOTE_USE_LABELS },
    { key: "link", label: "Link", type: "link" },
    { key: "notes", label: "Notes", type: "rich" },
    // Provenance (issue 17): kept as it stands by a restore — a later take's check is a fact, not an edit.
    { key: "document_id", label: "From document", type: "document", restore: false },
    { key: "anchor_status", label: "In the latest take", type: "enum", labels: ANCHOR_STATUS_LABELS, restore: false },
    { key: "anchor_checked_id", label: "Checked against", type: "document", restore: false },
  ],
  titleColumn: "text",
  people: ["logged_by_id"],
  mentions: { column: "notes", place: "notes" },
  orders: {
    recent: { label: "Newest logged", keys: [{ column: "created_at", direction: "desc" }] },
    said: { label: "Said: latest first", keys: [...approximateDateKeys(SAID, "desc"), { column: "created_at", direction: "desc" }] },
    said_asc: { label: "Said: earliest first", keys: [...approximateDateKeys(SAID), { column: "created_at" }] },
  },
  search: searchColumns("text"),
  // The speaker and the words are isolated (lib/bidi.ts): an Arabic quote after a Latin name keeps its marks.
  label: (snapshot, names) => `${isolate(names.source(snapshot.speaker_id))}: “${isolate(excerpt(str(snapshot.text), 80))}”`,
  describe: (quote) => `${isolate(quote.speaker.label)}: “${isolate(excerpt(quote.text, 80))}”`,

  async present(_access, snapshots, { names, client }) {
    const rows = snapshots.map((snapshot) => rowWithout<Quote, "notes" | "storyId">(snapshot, "notes", "storyId"));
    const paragraphs = await paragraphsOf(client, rows);
    return rows.map((row, index): QuoteView => {
      const speaker = names.entry("source", row.speakerId);
      const take = takeOf(row);
      const document = take ? names.entry("document", take) : null;
      const changedBy = row.anchorStatus !== "anchored" && row.anchorCheckedId ? names.entry("document", row.anchorCheckedId) : null;
      return Object.assign(row, {
        provenance: document
          ? {
              document: { id: document.id, label: document.label, deleted: document.deleted },
              paragraph: paragraphs.get(row.id) ?? 1,
              status: (row.anchorStatus ?? "anchored") as "anchored" | "changed" | "orphan",
              changedBy: changedBy ? { id: changedBy.id, label: changedBy.label } : null,
            }
          : null,
        notes: snapshots[index]!.notes as RichTextDoc,
        loggedByName: names.user(row.loggedById),
        speaker: speaker ? { id: speaker.id, label: speaker.label, deleted: speaker.deleted } : { id: row.speakerId, label: "Unknown source", deleted: true },
      });
    });
  },
};
