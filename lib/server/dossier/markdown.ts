import { isolate } from "@/lib/bidi";
import { DOSSIER_SECTIONS, type DossierSection } from "@/lib/validations/dossier";
import { entityLabel, labelOf } from "./labels";
import { markdownManifest } from "./manifest";
import type { Dossier, RichText } from "./types";

// The dossier as Markdown (CommonMark): the same content as the PDF, for pasting into a
// newsroom's own tools. User text is escaped so that it cannot turn into links or headings.

const md = (value: string) => value.replace(/([\\`*_[\]<>|])/g, "\\$1").replace(/\r?\n/g, " ");
/** A paragraph of user text: inline markup escaped, and a line that would start a heading, quote or list. */
const para = (line: string) => md(line).replace(/^(\s*)([#>+-]|\d+\.)/, "$1\\$2");
const block = (value: RichText) => value.text.trim().split(/\n+/).map(para).join("\n\n");
const url = (href: string) => (/^https?:\/\/[^\s<>]+$/i.test(href) ? `<${href}>` : md(href));

const SECTIONS: Record<DossierSection, (d: Dossier) => string[]> = {
  summary: (d) => [d.summary!.text.trim() ? block(d.summary!) : "_No memo yet._"],
  facts: (d) => d.facts!.map((f) => `- **${md(f.label)}:** ${md(f.value)}`),
  timeline: (d) => (d.timeline!.length ? d.timeline!.map((e) => `- **${md(e.atLabel)}** — ${md(e.what)}${e.sources.length ? ` _(according to ${md(e.sources.join(", "))})_` : ""}`) : ["_No events._"]),
  sources: (d) =>
    d.sources!.length
      ? d.sources!.flatMap((s) => [
          `### ${md(s.name)}`,
          `${labelOf("sourceKind", s.kind)} · ${labelOf("protection", s.protection)} · reliability: ${labelOf("reliability", s.reliability)}${s.affiliation ? ` · ${md(s.affiliation)}` : ""}${s.link ? ` · ${url(s.link)}` : ""}`,
          ...(s.contact ? [`Contact: ${md(s.contact)}`] : []),
          ...(s.notes.text.trim() ? [block(s.notes)] : []),
        ])
      : ["_No sources._"],
  quotes: (d) =>
    d.quotes!.length
      ? d.quotes!.flatMap((g) => [
          `### ${md(g.speaker)}`,
          ...g.quotes.flatMap((q) => [
            `> ${md(q.text)}`,
            ...(q.provenance ? [`From ${md(q.provenance.document)} ¶${q.provenance.paragraph}${q.provenance.status === "Anchored" ? "" : ` (${md(q.provenance.status)})`}`] : []),
            `${[q.saidAtLabel, labelOf("medium", q.medium), labelOf("verification", q.verification), q.use === "background_only" ? "background only" : null].filter(Boolean).map((part) => md(part!)).join(" · ")}${q.link ? ` · ${url(q.link)}` : ""}`,
          ]),
        ])
      : ["_No quotes._"],
  evidence: (d) =>
    d.evidence!.length
      ? d.evidence!.flatMap((e) => [
          `### ${md(e.title)}`,
          [e.origin, e.byline, e.publishedLabel ? `published ${e.publishedLabel}` : null, `received ${e.receivedLabel}`, e.replaces ? `replaces ${e.replaces}` : null]
            .filter(Boolean)
            .map((part) => md(part!))
            .join(" · ") + (e.url ? ` · ${url(e.url)}` : ""),
          `SHA-256 of the file: \`${e.sha256}\` · of the text: \`${e.bodySha256}\``,
        ])
      : ["_No documents._"],
  disagreements: (d) =>
    d.disagreements!.length
      ? d.disagreements!.flatMap((c) => [
          `### ${md(c.detail)}`,
          `${md(c.kind)} · ${md(c.status)}${c.reason ? ` — ${md(c.reason)}` : ""}`,
          ...c.versions.map((v, i) => `${i + 1}. “${md(isolate(v.text))}” — ${md(v.document)}`),
        ])
      : ["_No disagreements recorded._"],
  questions: (d) =>
    d.questions!.length
      ? d.questions!.flatMap((q) => [
          `### ${md(q.text)}`,
          `${labelOf("questionStatus", q.status)} · ${labelOf("priority", q.priority)}${q.whyItMatters ? ` · why it matters: ${md(q.whyItMatters)}` : ""}`,
          ...q.assignments.map((a) => `- Chasing: ${md(a.assignee)} — ${md(a.title)}${a.dueLabel ? `, due ${md(a.dueLabel)}` : ""}${a.overdue ? " **(overdue)**" : ""}`),
          ...(q.answer.text.trim() ? [block(q.answer)] : []),
          ...(q.answeredBy.length ? [`Answered by: ${q.answeredBy.map(md).join("; ")}`] : []),
        ])
      : ["_No questions._"],
  followUps: (d) =>
    d.followUps!.length
      ? [
          "| Follow-up | Who | Due | Status |",
          "| --- | --- | --- | --- |",
          ...d.followUps!.map(
            (f) => `| ${md(f.title)}${f.about ? ` (about: ${md(f.about)})` : ""} | ${md(f.assignee)} | ${md(f.dueLabel ?? "—")}${f.overdue ? " (overdue)" : ""} | ${labelOf("followUpStatus", f.status)}${f.response !== "accepted" ? `, ${labelOf("response", f.response).toLowerCase()}` : ""} |`,
          ),
        ]
      : ["_No follow-ups._"],
  comments: (d) =>
    d.comments!.length
      ? d.comments!.flatMap((t) => [`### ${md(t.entryType)}: ${md(t.entryLabel)}`, ...t.comments.map((c) => `- **${md(c.author)}**, ${md(c.atLabel)}${c.resolved ? " (resolved)" : ""}: ${md(c.body)}`)])
      : ["_No comments._"],
  changes: (d) => {
    const c = d.changes!;
    return [
      `${c.total} revisions since ${md(c.sinceLabel)}${c.truncated ? `; the first ${c.entries.length} are listed` : ""}.`,
      ...c.entries.map(
        (e) =>
          `- #${e.seq} ${md(e.atLabel)} — ${md(e.actor)}: ${labelOf("action", e.action).toLowerCase()} ${entityLabel(e.entityType)} ${md(e.label)}${e.fields.length ? ` (${md(e.fields.join(", ").toLowerCase())})` : ""}${e.reason ? ` — reason: ${md(e.reason)}` : ""}${e.hash ? ` \`${e.hash}\`` : ""}`,
      ),
    ];
  },
  verification: (d) => [md(d.verification!.explanation), `Revision #${d.verification!.chainHeadSeq}: \`${d.verification!.chainHeadHash ?? "none"}\``, `\`${d.verification!.command}\``],
};

export function renderDossierMarkdown(d: Dossier): string {
  const head = [
    `# ${md(d.story.title)}`,
    "**Internal — confidential**",
    `- Status: ${labelOf("storyStatus", d.story.status)}`,
    `- As of: ${md(d.asOf.atLabel)} (revision #${d.asOf.revision})`,
    `- Generated: ${md(d.generated.atLabel)} by ${md(d.generated.by)}`,
    `- Profile: ${md(d.profileLabel)}`,
    `- ${md(d.redaction.statement)}`,
  ];
  const body = d.sections.flatMap((section) => ["", `## ${DOSSIER_SECTIONS[section]}`, "", ...SECTIONS[section](d)]);
  return `${[...head, ...body, ...signature(d)].join("\n")}\n`;
}

/** The heading the checkpoint block starts with (Verify a copy compares what comes before it). */
export const MARKDOWN_CHECKPOINT_HEADING = "## Signed checkpoint";

/** The desk's signed checkpoint, as is (a signed note: check it with the desk's key), and the copy's manifest. */
function signature(d: Dossier): string[] {
  if (!d.checkpoint && !d.unsigned) return [];
  const block = d.checkpoint
    ? [
        `The desk signed this when the copy was made (${md(d.checkpoint.signedAtLabel)}): revision #${d.checkpoint.revision} of the story's ledger has the hash below. Check the copy in Storydesk (Verify a copy) or with \`npm run audit:verify -- --dossier <this file>\`; the signature opens with the desk's key and any C2SP signed-note tool.`,
        "",
        "```text",
        d.checkpoint.note.trimEnd(),
        "```",
        "",
        `Desk key: \`${d.checkpoint.verifierKey}\``,
      ]
    : [`**${md(d.unsigned!)}**`];
  return ["", MARKDOWN_CHECKPOINT_HEADING, "", ...block, "", markdownManifest(d)];
}
