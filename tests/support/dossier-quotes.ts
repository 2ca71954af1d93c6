import { EMPTY_DOC } from "@/lib/rich-text";
import { directionOfLanguage } from "@/lib/bidi";
import type { Dossier, DossierQuote } from "@/lib/server/dossier/types";

// A dossier of one speaker's quotes, in any languages, with no database: what the dossier's
// renderers (html.ts, markdown.ts) and Verify a copy's PDF check need. `latin` paragraphs of
// English memo before the quotes make its pages mostly Latin, as a real dossier's are.

const quote = (text: string, language: string, i: number): DossierQuote => ({
  id: `q${i}`,
  text,
  language,
  direction: directionOfLanguage(language),
  saidAt: null,
  saidAtLabel: "1 Dec 2026, 09:00",
  medium: "phone",
  link: "",
  verification: "verified",
  use: "on_record",
  notes: { doc: EMPTY_DOC, text: "" },
});

export function quotesDossier(quotes: [text: string, language: string][], extra: Partial<Dossier> = {}, latin = 0): Dossier {
  const memo = Array.from({ length: latin }, (_, i) => `Paragraph ${i + 1}. The harbour authority confirmed that the tender was reopened after the audit found irregularities in two of the five bids.`);
  return {
    format: "storydesk-dossier",
    version: 1,
    story: { id: "00000000-0000-4000-8000-000000000001", slug: "harbour", title: "Harbour tender", summary: "", status: "reporting" },
    generated: { at: "2026-12-01T05:00:00Z", atLabel: "1 Dec 2026, 05:00", by: "Ana Editor", timeZone: "UTC" },
    asOf: { at: "2026-12-01T05:00:00Z", atLabel: "1 Dec 2026, 05:00", revision: 7, now: true },
    profile: "internal",
    profileLabel: "Internal",
    redaction: { redacted: false, statement: "Nothing is redacted." },
    sections: [...(latin ? (["summary"] as const) : []), "quotes"],
    summary: {
      doc: { type: "doc", content: memo.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) },
      text: memo.join("\n"),
    },
    quotes: [{ speaker: "Spokesperson", speakerId: "p", quotes: quotes.map(([text, language], i) => quote(text, language, i)) }],
    ...extra,
  };
}
