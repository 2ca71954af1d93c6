"use client";
import { useRef, useState, type DragEvent, type ReactNode } from "react";
import type { CopyReport } from "@/lib/server/dossier/verify-copy";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { UNREACHABLE } from "@/components/ui/unreachable";

type State = { kind: "idle" } | { kind: "checking"; name: string } | { kind: "done"; name: string; report: CopyReport } | { kind: "error"; name: string; message: string };

const MAX_BYTES = 25 * 1024 * 1024;

function Check({ ok, title, children }: { ok: boolean | null; title: string; children: ReactNode }) {
  const mark = ok === true ? "✓" : ok === false ? "✗" : "–";
  return (
    <li className="flex gap-2">
      <span aria-hidden className={cn("w-4 font-semibold", ok === true ? "text-emerald-700" : ok === false ? "text-red-700" : "text-slate-500")}>
        {mark}
      </span>
      <div className="flex flex-col gap-1">
        <span>
          <span className="font-medium">{title}</span>{" "}
          <span className="sr-only">{ok === true ? "(passed)" : ok === false ? "(failed)" : "(not checked)"}</span>
        </span>
        {children}
      </div>
    </li>
  );
}

function Report({ name, report }: { name: string; report: CopyReport }) {
  const { signature, ledger, content } = report;
  return (
    <div className="flex flex-col gap-3">
      <div role="status" className={cn("rounded border p-3 text-sm", report.matched ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-red-300 bg-red-50 text-red-900")}>
        <p className="font-semibold">{report.matched ? "Matches the ledger" : "Does not match the ledger"}</p>
        <p>{report.summary}</p>
      </div>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">File</dt>
        <dd>
          {name} ({report.format.toUpperCase()})
        </dd>
        <dt className="text-slate-500">Story</dt>
        <dd>{report.story.title}</dd>
        <dt className="text-slate-500">Shows</dt>
        <dd>
          Revision #{report.revision} ({report.asOfLabel})
        </dd>
        <dt className="text-slate-500">Says it was made</dt>
        <dd>
          {report.exported.atLabel} by {report.exported.by}
        </dd>
      </dl>
      <ul className="flex flex-col gap-2 text-sm" aria-label="Checks">
        <Check ok={signature.ok} title="Signature">
          <span className="text-slate-700">{signature.message}</span>
        </Check>
        <Check ok={ledger.ok} title="The ledger">
          <span className="text-slate-700">{ledger.message}</span>
          {ledger.problems.length ? (
            <ol className="list-decimal pl-5 text-red-800">
              {ledger.problems.map((problem, index) => (
                <li key={index}>
                  {problem.problem}
                  {problem.expected ? (
                    <span className="block break-all font-mono text-xs text-slate-600">
                      expected {problem.expected} · found {problem.found}
                    </span>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : null}
        </Check>
        <Check ok={content.ok} title="Contents">
          <span className="text-slate-700">{content.message}</span>
        </Check>
      </ul>
      {content.differences.length ? (
        // Focusable, so that a keyboard can scroll it on a phone: its rows hold no link or button.
        <div className="overflow-x-auto" role="region" aria-label="Where this copy differs from the ledger" tabIndex={0}>
          <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm">
            <caption className="sr-only">Where this copy differs from the ledger</caption>
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Where</th>
                <th scope="col" className="px-3 py-2 font-medium">What</th>
                <th scope="col" className="px-3 py-2 font-medium">This copy</th>
                <th scope="col" className="px-3 py-2 font-medium">The ledger</th>
              </tr>
            </thead>
            <tbody>
              {content.differences.map((difference, index) => (
                <tr key={index} className="border-t border-slate-100 align-top">
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    {difference.where}
                  </th>
                  <td className="px-3 py-2 text-slate-600">{difference.field}</td>
                  <td dir="auto" className="whitespace-pre-wrap px-3 py-2 text-red-800">
                    {difference.copy ?? <span className="italic text-slate-500">nothing</span>}
                  </td>
                  <td dir="auto" className="whitespace-pre-wrap px-3 py-2 text-emerald-900">
                    {difference.ledger ?? <span className="italic text-slate-500">nothing</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

/** Drop or choose a dossier file; the report of how it compares with the ledger. */
export function VerifyCopy() {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const check = async (file: File) => {
    if (file.size > MAX_BYTES) return setState({ kind: "error", name: file.name, message: "That file is larger than 25 MB: it is not a dossier Storydesk exported." });
    setState({ kind: "checking", name: file.name });
    const response = await fetch("/api/verify-copy", { method: "POST", body: file, headers: { "Content-Type": "application/octet-stream" } }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { ok: true; data: CopyReport } | { ok: false; message: string } | null;
    if (!body) setState({ kind: "error", name: file.name, message: UNREACHABLE });
    else if (!body.ok) setState({ kind: "error", name: file.name, message: response?.status === 404 ? "This copy is of a story you are not on (or that does not exist): you cannot check it." : body.message });
    else setState({ kind: "done", name: file.name, report: body.data });
    if (input.current) input.current.value = "";
  };

  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void check(file);
  };

  return (
    <div className="flex flex-col gap-4">
      <label
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "flex cursor-pointer flex-col items-center gap-2 rounded border-2 border-dashed bg-white p-6 text-center text-sm focus-within:outline-2 focus-within:outline-blue-600",
          dragging ? "border-blue-500 bg-blue-50" : "border-slate-300",
        )}
      >
        <span className="font-medium text-slate-800">Drop a dossier here, or choose a file</span>
        <span className="text-slate-500">PDF, JSON or Markdown, as Storydesk exported it</span>
        <input
          ref={input}
          type="file"
          aria-label="Dossier file"
          accept=".pdf,.json,.md,application/pdf,application/json,text/markdown"
          disabled={state.kind === "checking"}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void check(file);
          }}
          className="text-sm file:mr-3 file:rounded file:border file:border-slate-300 file:bg-white file:px-3 file:py-1 file:text-sm"
        />
      </label>
      <div aria-live="polite">
        {state.kind === "checking" ? (
          <p role="status" className="text-sm text-slate-600">
            Checking {state.name} against the ledger…
          </p>
        ) : state.kind === "error" ? (
          <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            {state.name}: {state.message}
          </p>
        ) : state.kind === "done" ? (
          <Report name={state.name} report={state.report} />
        ) : (
          <p className="text-sm text-slate-500">No copy checked yet. Export one from a story&apos;s page (Export dossier) to try it.</p>
        )}
      </div>
      {state.kind === "done" || state.kind === "error" ? (
        <Button variant="secondary" className="w-fit" onClick={() => input.current?.click()}>
          Check another copy
        </Button>
      ) : null}
    </div>
  );
}
