"use client";
import { useEffect, useId, useRef, useState } from "react";
import { DOSSIER_FORMATS, DOSSIER_PROFILES, DOSSIER_SECTIONS, type DossierFormat, type DossierProfile, type DossierSection } from "@/lib/validations/dossier";
import { Button } from "@/components/ui/button";

type Props = {
  storyId: string;
  /** Story leads may ask for an unredacted copy (recorded). */
  isLead: boolean;
  /** From the "as of" view: that moment, preselected. */
  asOfRev?: number;
  asOfLabel?: string;
};

type State = { kind: "idle" } | { kind: "working"; started: number } | { kind: "done"; filename: string } | { kind: "error"; message: string };

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
  const id = useId();
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
      setState({ kind: "error", message: "Could not reach the server. Check your connection and try again." });
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
      <div className="grid gap-3 sm:grid-cols-2">
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
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={download} disabled={working || sections.length === 0}>
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
