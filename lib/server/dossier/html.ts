import "server-only";
import { directionOf, hasRtl, isComposed, quoteMarks } from "@/lib/bidi";
import { renderRichText } from "@/lib/rich-text/html";
import { DOSSIER_SECTIONS, type DossierSection } from "@/lib/validations/dossier";
import { DOSSIER_FONT_FAMILY, DOSSIER_MONO_FONT_FAMILY, fontFaceCss, SCRIPT_FONT_CSS } from "./fonts";
import { entityLabel, labelOf } from "./labels";
import type { Dossier, DossierQuote, RichText } from "./types";

// The dossier as one HTML document with print CSS: the browser preview, and what Chromium
// prints to PDF (lib/server/dossier/pdf.ts). Every user-written string is escaped here; rich
// text comes from the app's own renderer (the same tiptap extensions, sanitized). Text that may
// be Hebrew or Arabic carries dir="auto" (or the quote's language direction), and text in those
// scripts names its script (data-script) so it is set in its own font first — what keeps its
// PDF text extractable in logical order (DOSSIER_SCRIPT_FONT_FAMILY in fonts.ts).

const escape = (value: string | number) =>
  String(value).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** "he" or "ar" for text whose letters are mostly Hebrew or Arabic, else null. */
export function scriptOf(value: string): "he" | "ar" | null {
  const hebrew = value.match(/[\u0590-\u05FF\uFB1D-\uFB4F]/g)?.length ?? 0;
  const arabic = value.match(/[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g)?.length ?? 0;
  const latin = value.match(/[A-Za-z\u00C0-\u024F]/g)?.length ?? 0;
  if (Math.max(hebrew, arabic) <= latin) return null;
  return arabic > hebrew ? "ar" : "he";
}

/** ` data-script="he"` or `"ar"` for text whose letters are mostly Hebrew or Arabic, else "". */
export function scriptAttr(value: string): string {
  const script = scriptOf(value);
  return script ? ` data-script="${script}"` : "";
}

// A label composed around isolated user text ("Brad Smith: “…”", lib/bidi.ts) is an English
// sentence: left to right, as the app shows it (components/ui/user-text.tsx). Text without a
// right-to-left letter needs no wrapper in an English line (left to right either way), and each
// wrapper is one more piece of the PDF's tagged structure: ~1,800 of them in a 1,000-entry dossier.
const text = (value: string) => (hasRtl(value) ? `<span dir="${isComposed(value) ? "ltr" : "auto"}"${scriptAttr(value)}>${escape(value)}</span>` : escape(value));
const link = (href: string) => (/^https?:\/\//i.test(href) ? `<a href="${escape(href)}">${escape(href)}</a>` : escape(href));
const richBlock = (value: RichText, empty = "") => (value.text.trim() ? `<div class="rich" dir="auto"${scriptAttr(value.text)}>${renderRichText(value.doc)}</div>` : empty);
/** The change log head's "When" and "Who" as one text (see .when-who below); its space is what the PDF's text layer holds between them (a tab draws no glyph). */
const whenWho = (when: string, who: string) => `<span class="when-who">${escape(oneLine(when))} \t${escape(oneLine(who))}</span>`;
/** A change log line's number, moment and author as one text (see .seq-when-who below), a space before each tab as above; `n<digits>` right-aligns the number. */
const seqWhenWho = (seq: number, when: string, who: string) =>
  `<span class="seq-when-who n${String(seq).length}">${seq} \t${escape(oneLine(when))} \t${escape(oneLine(who))}</span>`;
/** Whitespace as HTML collapses it (the moment and author's text keeps its spaces: white-space: pre-wrap). */
const oneLine = (value: string) => value.replace(/\s+/g, " ").trim();
const badge = (label: string, tone = "") => `<span class="badge ${tone}">${escape(label)}</span>`;

const CSS = `
@page { size: A4; margin: 20mm 15mm 18mm; }
* { box-sizing: border-box; }
html { font-family: ${DOSSIER_FONT_FAMILY}; font-size: 9.5pt; color: #0f172a; line-height: 1.4; }
body { margin: 0; }
${SCRIPT_FONT_CSS}
/* The browser preview: a page's width and margins on screen (print has @page). */
@media screen { html { background: #f1f5f9; } body { max-width: 210mm; margin: 8mm auto; padding: 18mm 15mm; background: #fff; box-shadow: 0 1px 3px rgb(15 23 42 / 0.15); } }
h1 { font-size: 22pt; line-height: 1.2; margin: 0 0 6mm; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; padding-bottom: 1mm; border-bottom: 1.5px solid #0f172a; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 0 0 1.5mm; }
a { color: #1d4ed8; text-decoration: underline; word-break: break-all; }
.cover { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.cover .marking { text-transform: uppercase; font-size: 8.5pt; color: #b91c1c; font-weight: 700; margin-bottom: 4mm; }
.cover dl { display: grid; grid-template-columns: 38mm 1fr; gap: 1.5mm 4mm; margin: 6mm 0; }
.cover dt { color: #475569; }
.cover dd { margin: 0; }
.cover .redaction { border: 1px solid #cbd5e1; padding: 3mm; border-radius: 2px; }
.hash { font-family: ${DOSSIER_MONO_FONT_FAMILY}; font-size: 8pt; word-break: break-all; }
code, pre, kbd, samp { font-family: ${DOSSIER_MONO_FONT_FAMILY}; }
.checkpoint { margin-top: 4mm; }
.checkpoint pre { white-space: pre-wrap; margin: 1mm 0; padding: 2mm; background: #f8fafc; border: 0.5px solid #cbd5e1; }
.cover .unsigned { border-color: #dc2626; color: #b91c1c; font-weight: 700; }
.toc ol { columns: 2; padding-left: 5mm; }
.entry { break-inside: avoid; border-top: 0.5px solid #e2e8f0; padding: 2mm 0; }
.meta { color: #475569; font-size: 8.5pt; }
.badge { display: inline-block; border: 0.5px solid #94a3b8; border-radius: 2px; padding: 0 1.2mm; font-size: 7.5pt; margin-inline-start: 1mm; color: #334155; }
.badge.red { border-color: #dc2626; color: #b91c1c; }
.badge.green { border-color: #059669; color: #047857; }
.badge.amber { border-color: #d97706; color: #b45309; }
blockquote { margin: 1mm 0; padding: 0 0 0 3mm; border-inline-start: 2px solid #64748b; font-size: 10pt; }
blockquote[dir="rtl"] { padding: 0 3mm 0 0; }
.rich { margin: 1mm 0; }
.rich p:last-child { margin-bottom: 0; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; }
th, td { text-align: start; vertical-align: top; border-bottom: 0.5px solid #e2e8f0; padding: 1mm 1.5mm; }
th { color: #475569; font-weight: 700; }
tr { break-inside: avoid; }
/* The change log's lines: number, moment, author and change side by side in fixed-width inline
   blocks (each wraps under itself), a revision's hash on a line of its own from the moment's
   column on (10 mm + 2 mm in). The change's width leaves a millimetre to rounding. The moment and
   the author are one text (one element of the PDF's tagged structure, not two): a tab takes the
   author to its column (41 mm + 2 mm on), and a hanging indent wraps it under itself there. */
.log { list-style: none; margin: 0; padding: 0; font-size: 8.5pt; }
.log-head, .log li { margin: 0; padding: 1mm 1.5mm; border-bottom: 0.5px solid #e2e8f0; break-inside: avoid; }
.log-head { color: #475569; font-weight: 700; }
.log-head > span, .log li > span { display: inline-block; vertical-align: top; margin-inline-end: 2mm; overflow-wrap: anywhere; }
.log .seq { width: 10mm; text-align: end; }
.log .when-who { width: 71mm; white-space: pre-wrap; tab-size: 43mm; padding-inline-start: 43mm; text-indent: -43mm; }
.log .what { width: calc(100% - 86mm); margin-inline-end: 0; }
/* On a line the number is in the same text too (one element fewer a line): its content starts
   55 mm in (10 + 2 + 43 mm), the author's column and where a long author wraps, and tab stops fall
   every 43 mm from there, backwards too: 12 mm (the moment) and 55 mm (the author). Its first line
   starts the number's width before 10 mm (digits are tabular, one ch each), so the number ends at
   10 mm as the head's right-aligned "#" does; one wider than 10 mm (6 digits and more) reaches
   into the line's padding instead of wrapping. */
.log .seq-when-who { width: 83mm; white-space: pre-wrap; tab-size: 43mm; padding-inline-start: 55mm; }
${Array.from({ length: 10 }, (_, i) => `.log .n${i + 1} { text-indent: calc(-45mm - ${i + 1}ch); }`).join("\n")}
.log .seq, .log .when-who, .log .seq-when-who { font-variant-numeric: tabular-nums; }
.log .hash { display: block; margin: 0.5mm 0 0 12mm; }
.log-head .hash { font: inherit; margin-top: 0; }
.note { background: #f1f5f9; padding: 1mm 2mm; margin-top: 1mm; }
.empty { color: #64748b; font-style: italic; }
`;

function cover(d: Dossier): string {
  const rows: [string, string][] = [
    ["Status", labelOf("storyStatus", d.story.status)],
    ["As of", `${d.asOf.now ? "Now — " : ""}${d.asOf.atLabel} (revision #${d.asOf.revision})`],
    ["Generated", `${d.generated.atLabel} by ${d.generated.by}`],
    ["Profile", d.profileLabel],
    ...(d.verification ? ([["Chain hash", `<span class="hash">${escape(d.verification.chainHeadHash ?? "—")}</span>`]] as [string, string][]) : []),
  ];
  const signature = d.checkpoint
    ? `<div class="checkpoint"><p class="meta">Signed by the desk ${escape(d.checkpoint.signedAtLabel)} — revision #${d.checkpoint.revision} of the story's ledger. Verify this copy in Storydesk (Verify a copy); the signed checkpoint opens with the desk's key:</p><pre class="hash">${escape(d.checkpoint.note)}</pre><p class="meta">Desk key: <span class="hash">${escape(d.checkpoint.verifierKey)}</span></p></div>`
    : d.unsigned
      ? `<p class="redaction unsigned">${escape(d.unsigned)}</p>`
      : "";
  return `<section class="cover" aria-label="Cover">
  <p class="marking">Internal — confidential</p>
  <h1 dir="auto"${scriptAttr(d.story.title)}>${escape(d.story.title)}</h1>
  ${d.story.summary ? `<p dir="auto"${scriptAttr(d.story.summary)}>${escape(d.story.summary)}</p>` : ""}
  <dl>${rows.map(([k, v]) => `<dt>${escape(k)}</dt><dd>${k === "Chain hash" ? v : escape(v)}</dd>`).join("")}</dl>
  <p class="redaction">${escape(d.redaction.statement)}</p>
  ${signature}
  <nav class="toc"><h3>Contents</h3><ol>${d.sections.map((s) => `<li><a href="#${s}">${escape(DOSSIER_SECTIONS[s])}</a></li>`).join("")}</ol></nav>
</section>`;
}

function quote(q: DossierQuote): string {
  const said = [q.saidAtLabel, labelOf("medium", q.medium)].filter(Boolean).join(" · ");
  const tone = q.verification === "verified" ? "green" : q.verification === "unverified" ? "amber" : "red";
  // As the quotes panel shows it (components/quotes/quotes-panel.tsx): in its own language's
  // marks (Hebrew ” … ”, Arabic ” … “), on a line of the words' own direction, so the marks sit
  // at its two ends whatever the words hold (a number, a Latin name, a comma).
  const [open, close] = quoteMarks(q.language);
  return `<div class="entry">
  <blockquote dir="${directionOf(q.text) ?? q.direction}" lang="${escape(q.language)}"${scriptAttr(q.text)}>${escape(open)}${escape(q.text)}${escape(close)}</blockquote>
  <p class="meta">${escape(said)}${badge(labelOf("verification", q.verification), tone)}${q.use === "background_only" ? badge("Background only", "amber") : ""}${q.link ? ` · ${link(q.link)}` : ""}</p>
  ${q.provenance ? `<p class="meta">From ${escape(q.provenance.document)} ¶${q.provenance.paragraph}${q.provenance.status === "Anchored" ? "" : ` (${escape(q.provenance.status)})`}</p>` : ""}
  ${richBlock(q.notes)}
</div>`;
}

const SECTION_RENDERERS: Record<DossierSection, (d: Dossier) => string> = {
  summary: (d) => richBlock(d.summary!, `<p class="empty">No memo yet.</p>`),
  facts: (d) => `<table><tbody>${d.facts!.map((f) => `<tr><th scope="row">${escape(f.label)}</th><td>${escape(f.value)}</td></tr>`).join("")}</tbody></table>`,
  timeline: (d) =>
    d.timeline!.length
      ? `<table><thead><tr><th>When</th><th>What happened</th><th>According to</th></tr></thead><tbody>${d.timeline!
          .map((e) => `<tr><td>${escape(e.atLabel)}</td><td>${text(e.what)}</td><td>${escape(e.sources.join(", "))}</td></tr>`)
          .join("")}</tbody></table>`
      : `<p class="empty">No events.</p>`,
  sources: (d) =>
    d.sources!.length
      ? d.sources!
          .map(
            (s) => `<div class="entry"><h3 dir="auto"${scriptAttr(s.name)}>${escape(s.name)}${badge(labelOf("protection", s.protection), s.protection === "confidential" ? "red" : "")}${badge(`Reliability: ${labelOf("reliability", s.reliability)}`)}</h3>
  <p class="meta">${escape(labelOf("sourceKind", s.kind))}${s.affiliation ? ` · ${text(s.affiliation)}` : ""}${s.quoteCount ? ` · ${s.quoteCount} quote${s.quoteCount === 1 ? "" : "s"}` : ""}${s.link ? ` · ${link(s.link)}` : ""}</p>
  ${s.contact ? `<p class="note">Contact: ${text(s.contact)}</p>` : ""}${richBlock(s.notes)}</div>`,
          )
          .join("")
      : `<p class="empty">No sources.</p>`,
  quotes: (d) =>
    d.quotes!.length
      ? d.quotes!.map((g) => `<h3 dir="auto"${scriptAttr(g.speaker)}>${escape(g.speaker)} <span class="meta">(${g.quotes.length})</span></h3>${g.quotes.map(quote).join("")}`).join("")
      : `<p class="empty">No quotes${d.profile === "partner" ? " verified yet" : ""}.</p>`,
  evidence: (d) =>
    d.evidence!.length
      ? d.evidence!
          .map(
            (e) => `<div class="entry"><h3 dir="auto"${scriptAttr(e.title)}>${escape(e.title)}</h3>
  <p class="meta">${escape([e.origin, e.byline, e.publishedLabel ? `published ${e.publishedLabel}` : null, `received ${e.receivedLabel}`, e.replaces ? `replaces ${e.replaces}` : null].filter(Boolean).join(" · "))}${e.url ? ` · ${link(e.url)}` : ""}</p>
  <p class="meta">SHA-256 of the file: <code>${escape(e.sha256)}</code><br>SHA-256 of the text: <code>${escape(e.bodySha256)}</code></p></div>`,
          )
          .join("")
      : `<p class="empty">No documents.</p>`,
  disagreements: (d) =>
    d.disagreements!.length
      ? d.disagreements!
          .map(
            (c) => `<div class="entry"><h3 dir="auto"${scriptAttr(c.detail)}>${escape(c.detail)}${badge(c.status, c.status === "Open" ? "amber" : "")}</h3>
  <p class="meta">${escape(c.kind)}${c.reason ? ` — ${text(c.reason)}` : ""}</p>
  <ol>${c.versions.map((v) => `<li>“${text(v.text)}” <span class="meta">— ${escape(v.document)}</span></li>`).join("")}</ol></div>`,
          )
          .join("")
      : `<p class="empty">No disagreements recorded.</p>`,
  questions: (d) =>
    d.questions!.length
      ? d.questions!
          .map(
            (q) => `<div class="entry"><h3 dir="auto"${scriptAttr(q.text)}>${escape(q.text)}${badge(labelOf("questionStatus", q.status), q.status === "answered" ? "green" : q.status === "dropped" ? "" : "amber")}${badge(labelOf("priority", q.priority), q.priority === "urgent" ? "red" : "")}</h3>
  ${q.whyItMatters ? `<p class="meta">Why it matters: ${text(q.whyItMatters)}</p>` : ""}
  ${q.assignments.map((a) => `<p class="meta">Chasing: ${escape(a.assignee)} — ${text(a.title)}${a.dueLabel ? `, due ${escape(a.dueLabel)}` : ""}${a.overdue ? badge("Overdue", "red") : ""}</p>`).join("")}
  ${richBlock(q.answer)}${q.answeredBy.length ? `<p class="meta">Answered by: ${q.answeredBy.map(text).join("; ")}</p>` : ""}</div>`,
          )
          .join("")
      : `<p class="empty">No questions.</p>`,
  followUps: (d) =>
    d.followUps!.length
      ? `<table><thead><tr><th>Follow-up</th><th>Who</th><th>Due</th><th>Status</th></tr></thead><tbody>${d.followUps!
          .map(
            (f) => `<tr><td>${text(f.title)}${f.about ? `<br><span class="meta">About: ${text(f.about)}</span>` : ""}${f.completionNote ? `<br><span class="meta">Note: ${text(f.completionNote)}</span>` : ""}${f.response === "declined" ? `<br><span class="meta">Declined: ${text(f.responseNote)}</span>` : ""}</td>
  <td>${escape(f.assignee)}<br><span class="meta">by ${escape(f.assignedBy)}</span></td><td>${escape(f.dueLabel ?? "—")}${f.overdue ? badge("Overdue", "red") : ""}</td><td>${escape(labelOf("followUpStatus", f.status))}${f.response !== "accepted" ? `<br><span class="meta">${escape(labelOf("response", f.response))}</span>` : ""}</td></tr>`,
          )
          .join("")}</tbody></table>`
      : `<p class="empty">No follow-ups.</p>`,
  comments: (d) =>
    d.comments!.length
      ? d.comments!
          .map((t) => `<div class="entry"><h3>${escape(t.entryType)}: ${text(t.entryLabel)}</h3>${t.comments.map((c) => `<p><span class="meta">${escape(c.author)}, ${escape(c.atLabel)}${c.resolved ? " (resolved)" : ""}:</span> ${text(c.body)}</p>`).join("")}</div>`)
          .join("")
      : `<p class="empty">No comments.</p>`,
  changes: (d) => {
    const c = d.changes!;
    const head = `<p class="meta">${c.total} revision${c.total === 1 ? "" : "s"} since ${escape(c.sinceLabel)}${c.truncated ? `; the first ${c.entries.length} are listed (the rest are in the app's History and the JSON export)` : ""}.</p>`;
    if (!c.entries.length) return `${head}<p class="empty">No changes in that time.</p>`;
    // A revision log is a sequence: one list item a revision, its number, moment, author and
    // change in columns (CSS above). In the PDF's tagged structure a table's row was a row, a
    // cell each and a text each (9 elements); a line is the item and its texts (3: the number,
    // moment and author one, the change one; each text is one element, the spans none). Inline blocks, not a grid on the item: the same elements, but
    // Chromium's tagged print of 1,000 grid items took as long as the table's
    // (docs/benchmarks.md, "The change log as lines").
    const hashes = c.entries.some((e) => e.hash);
    return `${head}<p class="log-head log"><span class="seq">#</span>${whenWho("When", "Who")}<span class="what">What</span>${hashes ? `<span class="hash">Hash</span>` : ""}</p><ol class="log">${c.entries
      .map(
        (e) =>
          `<li>${seqWhenWho(e.seq, e.atLabel, e.actor)}<span class="what">${escape(labelOf("action", e.action))} ${escape(entityLabel(e.entityType))} ${text(e.label)}${e.fields.length ? ` — ${escape(e.fields.join(", ").toLowerCase())}` : ""}${e.reason ? `<br><span class="meta">Reason: ${text(e.reason)}</span>` : ""}</span>${hashes ? `<span class="hash">${escape(e.hash ?? "")}</span>` : ""}</li>`,
      )
      .join("")}</ol>`;
  },
  verification: (d) => {
    const v = d.verification!;
    return `<p>${escape(v.explanation)}</p><p>Revision #${v.chainHeadSeq}: <span class="hash">${escape(v.chainHeadHash ?? "none yet")}</span></p><p>Command: <span class="hash">${escape(v.command)}</span></p>`;
  },
};

export function renderDossierHtml(d: Dossier): string {
  const body = d.sections.map((s) => `<section id="${s}" aria-labelledby="${s}-h"><h2 id="${s}-h">${escape(DOSSIER_SECTIONS[s])}</h2>${SECTION_RENDERERS[s](d)}</section>`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escape(`${d.story.title} — dossier`)}</title>
<meta name="author" content="${escape(d.generated.by)}">
<style>${fontFaceCss()}${CSS}</style>
</head><body>
${cover(d)}
${body}
</body></html>`;
}
