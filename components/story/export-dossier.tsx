"use client";
import { useEffect, useId, useRef, useState } from "react";
import { DOSSIER_FORMATS, DOSSIER_PROFILES, DOSSIER_SECTIONS, type DossierFormat, type DossierProfile, type DossierSection } from "@/lib/validations/dossier-labels";
import { Button } from "@/components/ui/button";
import { UNREACHABLE } from "@/components/ui/unreachable";

type Props = {
  storyId: string;
  /** Story leads may ask for an unredacted copy (recorded). */
  isLead: boolean;
  /** From the "as of" view: that moment, preselected. */
  asOfRev?: number;
  asOfLabel?: string;
};

type State = { kind: "idle" } | { kind: "working"; started: number } | { kind: "done"; filename: string } | { kind: "error"; message: string };

/** A queued PDF export (lib/server/render-queue/jobs.ts ExportJobStatus). */
type Job = { id: string; state: "queued" | "rendering" | "ready" | "failed"; stage: string; pages: number | null; error: string | null; filename: string | null };

const STAGE_STEPS = ["Waiting", "Starting", "Building", "Laying out", "Signing", "Ready"];
/** How far along a job is, in the engine's honest stages (Chromium gives no page callback). */
const stepOf = (job: Job) => (job.state === "ready" ? STAGE_STEPS.length : Math.max(1, STAGE_STEPS.findIndex((step) => job.stage.startsWith(step)) + 1));

const filenameOf = (disposition: string | null) => /filename="([^"]+)"/.exec(disposition ?? "")?.[1] ?? "dossier";

/** Export the story's dossier: profile, format, moment, sections, redaction; progress while the PDF renders. */
export function ExportDossier({ storyId, isLead, asOfRev, asOfLabel }: Props) {
  const [open, setOpen] = useState(false);
  const [profile, setProfile] = useState<DossierProfile>("internal");
  const [format, setFormat] = useState<Exclude<DossierFormat, "html">>("pdf");
  const [sections, setSections] = useState<DossierSection[]>([...DOSSIER_PROFILES.internal.sections]);
  const [moment, setMoment] = useState<"now" | "rev" | "at">(asOfRev ? "rev" : "now");
  const [at, setAt] = useState("");
  const [since, setSince] = useState("");
  const [unredacted, setUnredacted] = useState(false);
  const [state, setState] = useState<State>({ kind: "idle" });
  const [seconds, setSeconds] = useState(0);
  const [job, setJob] = useState<Job | null>(null);
  const id = useId();
  // The PDF job is remembered per story, so a reload picks its progress up again.
  const jobKey = `storydesk.dossier-job.${storyId}`;
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.kind !== "working") return;
    const started = state.started;
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 500);
    return () => clearInterval(timer);
  }, [state]);
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>("input, select")?.focus();
  }, [open]);
  useEffect(() => {
    // After hydration (the server has no localStorage): a job asked for before a reload.
    const remembered = window.localStorage.getItem(jobKey);
    if (!remembered) return;
    void Promise.resolve().then(() => {
      setJob({ id: remembered, state: "queued", stage: "Checking…", pages: null, error: null, filename: null });
      setOpen(true);
    });
  }, [jobKey]);
  const jobId = job?.id;
  const jobDone = job?.state === "ready" || job?.state === "failed";
  useEffect(() => {
    if (!jobId || jobDone) return;
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(`${endpoint}/jobs/${jobId}`, { cache: "no-store" });
        const body = (await response.json().catch(() => null)) as { data?: Job; message?: string } | null;
        if (stopped) return;
        if (response.ok && body?.data) setJob(body.data);
        else if (response.status === 404 || response.status === 410) {
          window.localStorage.removeItem(jobKey);
          setJob(null);
          setState({ kind: "error", message: body?.message ?? "That export is no longer available. Export again." });
        }
      } catch {
        // Offline for a moment: the next poll tries again.
      }
    };
    void poll();
    const timer = setInterval(poll, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
    // endpoint and jobKey follow storyId
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jobId, jobDone]);

  const chooseProfile = (next: DossierProfile) => {
    setProfile(next);
    setSections([...DOSSIER_PROFILES[next].sections]);
    if (next === "partner") setUnredacted(false);
  };
  // The options go in a POST body: an export is recorded, so it is never a plain link.
  const options = (fmt: DossierFormat): Record<string, string> => ({
    format: fmt,
    profile,
    sections: sections.join(","),
    ...(moment === "rev" && asOfRev ? { rev: String(asOfRev) } : {}),
    ...(moment === "at" && at ? { at } : {}),
    ...(since ? { since } : {}),
    ...(unredacted ? { unredacted: "1" } : {}),
  });
  const endpoint = `/api/stories/${storyId}/dossier`;

  const download = async () => {
    setSeconds(0);
    setState({ kind: "working", started: Date.now() });
    try {
      const response = await fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(options(format)) });
      if (response.status === 202) {
        // A PDF is a job: its progress is polled above.
        const queued = ((await response.json()) as { data: Job }).data;
        window.localStorage.setItem(jobKey, queued.id);
        setJob(queued);
        setState({ kind: "idle" });
        return;
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { message?: string; fieldErrors?: Record<string, string[]> } | null;
        const detail = body?.fieldErrors ? Object.values(body.fieldErrors).flat().join(" ") : "";
        setState({ kind: "error", message: [body?.message, detail].filter(Boolean).join(" ") || "The export failed. Please try again." });
        return;
      }
      const filename = filenameOf(response.headers.get("Content-Disposition"));
      const url = URL.createObjectURL(await response.blob());
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = filename;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ kind: "done", filename });
    } catch {
      setState({ kind: "error", message: UNREACHABLE });
    }
  };

  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} aria-expanded={false}>
        Export dossier
      </Button>
    );
  }
  const working = state.kind === "working";
  const box = "flex flex-col gap-1";
  const control = "h-8 rounded border border-slate-300 bg-white px-2 text-sm";
  return (
    <div ref={panel} role="dialog" aria-modal="false" aria-labelledby={`${id}-title`} className="flex w-full max-w-2xl flex-col gap-3 rounded border border-slate-300 bg-white p-4 text-sm shadow-lg" onKeyDown={(event) => event.key === "Escape" && !working && setOpen(false)}>
      <h2 id={`${id}-title`} className="text-base font-semibold">
        Export dossier
      </h2>
      <fieldset className={box}>
        <legend className="text-xs font-medium text-slate-700">Profile</legend>
        {(Object.keys(DOSSIER_PROFILES) as DossierProfile[]).map((key) => (
          <label key={key} className="flex items-start gap-2">
            <input type="radio" name={`${id}-profile`} value={key} checked={profile === key} onChange={() => chooseProfile(key)} className="mt-1" />
            <span>
              <span className="font-medium">{DOSSIER_PROFILES[key].label}</span> <span className="text-slate-600">— {DOSSIER_PROFILES[key].description}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <label className={box}>
          <span className="text-xs font-medium text-slate-700">Format</span>
          <select value={format} onChange={(event) => setFormat(event.target.value as typeof format)} className={control}>
            {(["pdf", "json", "md"] as const).map((key) => (
              <option key={key} value={key}>
                {DOSSIER_FORMATS[key]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className={box}>
          <legend className="text-xs font-medium text-slate-700">As of</legend>
          <label className="flex items-center gap-2">
            <input type="radio" name={`${id}-moment`} checked={moment === "now"} onChange={() => setMoment("now")} /> Now
          </label>
          {asOfRev ? (
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-moment`} checked={moment === "rev"} onChange={() => setMoment("rev")} /> The moment you are viewing{asOfLabel ? ` (${asOfLabel})` : ""}
            </label>
          ) : null}
          <label className="flex items-center gap-2">
            <input type="radio" name={`${id}-moment`} checked={moment === "at"} onChange={() => setMoment("at")} /> Another moment:
            <input type="datetime-local" aria-label="Export as of" value={at} onChange={(event) => (setAt(event.target.value), setMoment("at"))} className={control} />
          </label>
        </fieldset>
      </div>
      <fieldset className={box}>
        <legend className="text-xs font-medium text-slate-700">Sections</legend>
        <div className="grid grid-cols-2 gap-1 sm:grid-cols-3">
          {DOSSIER_PROFILES[profile].sections.map((key) => (
            <label key={key} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={sections.includes(key)}
                onChange={(event) => setSections((current) => (event.target.checked ? DOSSIER_PROFILES[profile].sections.filter((s) => s === key || current.includes(s)) : current.filter((s) => s !== key)))}
              />
              {DOSSIER_SECTIONS[key]}
            </label>
          ))}
        </div>
      </fieldset>
      {sections.includes("changes") ? (
        <label className={box}>
          <span className="text-xs font-medium text-slate-700">Change log since (optional; default {profile === "legal" ? "the beginning" : "24 hours before"})</span>
          <input type="datetime-local" value={since} onChange={(event) => setSince(event.target.value)} className={`${control} w-64`} />
        </label>
      ) : null}
      {isLead && profile !== "partner" ? (
        <label className="flex items-start gap-2 rounded border border-amber-300 bg-amber-50 p-2">
          <input type="checkbox" checked={unredacted} onChange={(event) => setUnredacted(event.target.checked)} className="mt-1" />
          <span>
            <span className="font-medium">Unredacted:</span> include confidential sources’ identities and contact details. Only leads may; the export is recorded (who, when, options).
          </span>
        </label>
      ) : (
        <p className="text-xs text-slate-600">Confidential sources appear by their alias; no contact details.</p>
      )}
      {job ? (
        <div className="flex flex-col gap-1 rounded border border-slate-200 bg-slate-50 p-2" aria-label="PDF export">
          <div className="flex items-center gap-2">
            <progress
              aria-label="PDF export progress"
              max={STAGE_STEPS.length}
              value={stepOf(job)}
              className="h-2 w-40"
            />
            <p role="status" aria-live="polite" className={job.state === "failed" ? "text-red-700" : "text-slate-700"}>
              {job.state === "queued" ? `Queued — ${job.stage}` : job.state === "rendering" ? `Rendering — ${job.stage}` : job.state === "ready" ? `Ready — ${job.pages ?? "?"} pages` : `Failed: ${job.error ?? "the PDF could not be made."}`}
            </p>
          </div>
          <div className="flex items-center gap-3">
            {job.state === "ready" ? (
              <a href={`${endpoint}/jobs/${job.id}/file`} download={job.filename ?? undefined} className="font-medium text-blue-700 hover:underline">
                Download {job.filename}
              </a>
            ) : null}
            {job.state === "failed" ? (
              <Button variant="secondary" onClick={() => (window.localStorage.removeItem(jobKey), setJob(null), void download())}>
                Try again
              </Button>
            ) : null}
            {jobDone ? (
              <button type="button" className="text-slate-600 hover:underline" onClick={() => (window.localStorage.removeItem(jobKey), setJob(null))}>
                Dismiss
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={download} disabled={working || sections.length === 0 || (job !== null && !jobDone)}>
          {working ? (format === "pdf" ? "Rendering PDF…" : "Exporting…") : `Export ${format === "md" ? "Markdown" : format.toUpperCase()}`}
        </Button>
        <form method="post" action={endpoint} target="_blank">
          {Object.entries(options("html")).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <button type="submit" disabled={sections.length === 0} className="text-blue-700 hover:underline disabled:text-slate-500">
            Preview in a new tab
          </button>
        </form>
        <Button variant="ghost" onClick={() => setOpen(false)} disabled={working}>
          Close
        </Button>
        <p role="status" aria-live="polite" className={state.kind === "error" ? "text-red-700" : "text-slate-600"}>
          {working ? `Working… ${seconds} s` : state.kind === "done" ? `Downloaded ${state.filename}` : state.kind === "error" ? state.message : sections.length === 0 ? "Choose at least one section." : ""}
        </p>
      </div>
    </div>
  );
}
