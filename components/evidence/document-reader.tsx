"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { logQuoteFromDocumentAction } from "@/lib/actions/evidence";
import { isTypingTarget, shortcutFor } from "@/lib/shortcuts";
import { announce } from "@/components/ui/announcer";
import { Button } from "@/components/ui/button";
import { FormStatus, type SaveState } from "@/components/ui/form-status";
import { NEW_SOURCE, SpeakerPicker, type SpeakerChoice } from "@/components/sources/speaker-picker";
import { TextField } from "@/components/ui/field";
import { offsetOfPoint, runsOf, type Mark } from "./segments";

// The document viewer: the words as received (in their direction), the proposed quotations
// highlighted, the quotes logged from it marked, the passage asked for scrolled to. Select any
// words and press Q (or use a proposal's "Log as quote") to log a quote anchored there; "Add to
// claim…" takes the selection to the Claims panel's form.

type Proposal = { index: number; start: number; end: number; text: string; attribution: string | null; speakerId: string | null; loggedQuoteId: string | null };
type Pending = { start: number; end: number; text: string; speakerId: string };
export type ReaderProps = {
  storyId: string;
  documentId: string;
  body: string;
  direction: "ltr" | "rtl";
  language: string;
  paragraphs: { start: number; end: number }[];
  proposals: Proposal[];
  logged: { id: string; start: number; end: number; status: string }[];
  focus: { start: number; end: number; found: string } | null;
  /** The speakers the document's attributions name (the picker searches for any other). */
  speakers: SpeakerChoice[];
  canWrite: boolean;
};

const MARK_CLASSES: Record<Mark["kind"], string> = {
  passage: "bg-amber-200 outline outline-2 outline-amber-500 rounded-sm",
  quote: "bg-emerald-100 border-b-2 border-emerald-600",
  proposal: "bg-sky-100 border-b border-dashed border-sky-600",
};

export function DocumentReader(props: ReaderProps) {
  const { storyId, documentId, body, proposals, logged, focus, speakers, canWrite } = props;
  const router = useRouter();
  const article = useRef<HTMLElement>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [newName, setNewName] = useState("");
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const [hint, setHint] = useState("");

  const marks: Mark[] = [
    ...proposals.filter((proposal) => !proposal.loggedQuoteId).map((proposal): Mark => ({ start: proposal.start, end: proposal.end, kind: "proposal", ref: `proposal-${proposal.index}` })),
    ...logged.map((quote): Mark => ({ start: quote.start, end: quote.end, kind: "quote", ref: `quote-${quote.id}` })),
    ...(focus ? [{ start: focus.start, end: focus.end, kind: "passage", ref: "passage" } as Mark] : []),
  ];

  useEffect(() => {
    if (!focus) return;
    const target = document.getElementById("passage");
    target?.scrollIntoView({ block: "center" });
    target?.focus({ preventScroll: true });
  }, [focus]);

  /** The current selection inside the document, as body offsets (trimmed of spaces). */
  const selected = (): { start: number; end: number } | null => {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0 || !article.current) return null;
    const range = selection.getRangeAt(0);
    if (!article.current.contains(range.commonAncestorContainer)) return null;
    let start = offsetOfPoint(range.startContainer, range.startOffset);
    let end = offsetOfPoint(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    while (start < end && /\s/.test(body[start]!)) start++;
    while (end > start && /\s/.test(body[end - 1]!)) end--;
    return end > start ? { start, end } : null;
  };

  /** Opens the form for a passage: the matched speaker, else a new source named as the sentence attributes it. */
  const open = (passage: { start: number; end: number }, speakerId: string | null, attribution: string | null = null) => {
    setPending({ ...passage, text: body.slice(passage.start, passage.end), speakerId: speakerId ?? (attribution ? NEW_SOURCE : (speakers[0]?.id ?? NEW_SOURCE)) });
    setState({ kind: "idle" });
    setNewName(speakerId ? "" : (attribution ?? ""));
  };

  useEffect(() => {
    if (!canWrite) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      if (!shortcutFor(event.key, ["quote-selection"])) return;
      const passage = selected();
      if (!passage) {
        setHint("Select the words of the quote in the document first, then press Q.");
        return;
      }
      event.preventDefault();
      setHint("");
      open(passage, null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  async function save() {
    if (!pending) return;
    setState({ kind: "saving" });
    const newSource = pending.speakerId === NEW_SOURCE;
    const result = await logQuoteFromDocumentAction({
      storyId,
      passage: { documentId, start: pending.start, end: pending.end },
      speakerId: newSource ? "" : pending.speakerId,
      newSpeakerName: newSource ? newName : "",
    });
    if (!result.ok) {
      setState({ kind: "error", message: result.message });
      return;
    }
    setState({ kind: "saved" });
    announce("Quote logged.");
    setPending(null);
    router.refresh();
  }

  const claimHref = pending
    ? `/stories/${encodeURIComponent(storyId)}?${new URLSearchParams({ tab: "claims", fromDocument: documentId, start: String(pending.start), end: String(pending.end), words: pending.text.slice(0, 2000) })}`
    : null;

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="flex min-w-0 flex-col gap-2">
        {canWrite ? (
          <p className="text-xs text-slate-600" id="reader-help">
            Select words and press <kbd className="rounded border border-slate-300 px-1">Q</kbd> to log them as a quote.
          </p>
        ) : null}
        {/* On a phone the proposals come after the whole text: say they are there. */}
        {proposals.length ? (
          <a href="#proposals-heading" className="text-xs text-blue-700 underline lg:hidden">
            Quotations found in this document: {proposals.length} (below the text)
          </a>
        ) : null}
        <p role="status" className="min-h-4 text-xs text-amber-800">
          {hint}
        </p>
        {pending ? (
          <section aria-label="Log a quote" className="sticky top-0 z-10 flex flex-col gap-2 rounded border border-slate-300 bg-white p-3 shadow">
            <blockquote dir="auto" className="border-s-2 border-slate-400 ps-2 text-sm">
              “{pending.text}”
            </blockquote>
            <SpeakerPicker key={`${pending.start}-${pending.end}`} storyId={storyId} known={speakers} value={pending.speakerId} onChange={(speakerId) => setPending((current) => (current ? { ...current, speakerId } : current))} />
            {pending.speakerId === NEW_SOURCE ? <TextField label="New source’s name" value={newName} onChange={(event) => setNewName(event.target.value)} /> : null}
            <div className="flex flex-wrap items-center gap-2">
              <Button onClick={save} disabled={state.kind === "saving"}>
                Log quote
              </Button>
              {claimHref ? (
                <Link href={claimHref} className="text-sm text-blue-700 underline">
                  Add to claim…
                </Link>
              ) : null}
              <Button variant="ghost" onClick={() => setPending(null)}>
                Cancel
              </Button>
              <FormStatus state={state} />
            </div>
          </section>
        ) : null}
        <article
          ref={article}
          dir={props.direction}
          lang={props.language}
          aria-label="Document text"
          aria-describedby={canWrite ? "reader-help" : undefined}
          className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4 text-[15px] leading-7 text-slate-900"
        >
          {props.paragraphs.map((paragraph, index) => (
            <p key={paragraph.start} data-paragraph={index + 1}>
              {runsOf(paragraph, marks).map((run) =>
                run.mark ? (
                  <mark
                    key={run.start}
                    data-offset={run.start}
                    id={run.mark.kind === "passage" && run.start === Math.max(focus!.start, paragraph.start) ? "passage" : undefined}
                    tabIndex={run.mark.kind === "passage" ? -1 : undefined}
                    data-kind={run.mark.kind}
                    className={`text-inherit ${MARK_CLASSES[run.mark.kind]}`}
                  >
                    {body.slice(run.start, run.end)}
                  </mark>
                ) : (
                  <span key={run.start} data-offset={run.start}>
                    {body.slice(run.start, run.end)}
                  </span>
                ),
              )}
            </p>
          ))}
        </article>
      </div>
      <aside aria-labelledby="proposals-heading" className="flex flex-col gap-2">
        <h2 id="proposals-heading" className="text-sm font-semibold">
          Quotations found ({proposals.length})
        </h2>
        {proposals.length === 0 ? <p className="text-xs text-slate-600">No quotation marks found. Select words and press Q to log a quote.</p> : null}
        <ol className="flex flex-col gap-2">
          {proposals.map((proposal) => {
            const speaker = speakers.find((candidate) => candidate.id === proposal.speakerId);
            return (
              <li key={proposal.index} className="rounded border border-slate-200 bg-white p-2 text-sm">
                <q dir="auto">{proposal.text}</q>
                <p className="mt-1 text-xs text-slate-600">
                  {proposal.attribution ? (
                    <>
                      Attributed to <bdi>{proposal.attribution}</bdi>
                    </>
                  ) : (
                    "No attribution in the sentence"
                  )}
                  {speaker ? (
                    <>
                      {" "}
                      · speaker: <bdi>{speaker.label}</bdi>
                    </>
                  ) : null}
                </p>
                {proposal.loggedQuoteId ? (
                  <p className="mt-1 text-xs font-medium text-emerald-700">Logged</p>
                ) : canWrite ? (
                  <Button size="sm" variant="secondary" className="mt-1" aria-label={`Log as quote: ${proposal.text.slice(0, 60)}`} onClick={() => open(proposal, proposal.speakerId, proposal.attribution)}>
                    Log as quote
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ol>
      </aside>
    </div>
  );
}
