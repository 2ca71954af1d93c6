import "server-only";
import { isolate } from "@/lib/bidi";
import type { Quote } from "@/lib/generated/prisma/client";
import type { RichTextDoc } from "@/lib/rich-text";
import { QUOTE_MEDIUM_LABELS, QUOTE_USE_LABELS, VERIFICATION_LABELS } from "@/lib/validations/quotes";
import { searchColumns } from "./search";
import { excerpt, rowFromSnapshot, str } from "./snapshot";
import { approximateDateKeys } from "./order";
import type { EntryModule } from "./types";

const SAID = { at: "said_at", precision: "said_at_precision", until: "said_until" };

// Quotes: the exact words, who said them (a source of the story, named as the reader may name
// it), when and where.

export type QuoteView = Omit<Quote, "notes" | "storyId"> & {
  notes: RichTextDoc;
  loggedByName: string;
  /** The speaker as this user may name them (an alias for a hidden confidential source). */
  speaker: { id: string; label: string; deleted: boolean };
};

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

  async present(_access, snapshots, { names }) {
    return snapshots.map((snapshot): QuoteView => {
      const { notes, storyId: _storyId, ...row } = rowFromSnapshot<Quote>(snapshot);
      const speaker = names.entry("source", row.speakerId);
      return {
        ...row,
        notes: notes as RichTextDoc,
        loggedByName: names.user(row.loggedById),
        speaker: speaker ? { id: speaker.id, label: speaker.label, deleted: speaker.deleted } : { id: row.speakerId, label: "Unknown source", deleted: true },
      };
    });
  },
};
