"use client";
import Link from "next/link";
import { useRef, useState, type ReactNode } from "react";
import { signCheckpointAction, verifyChainAction } from "@/lib/actions/audit";
import type { ChainVerification, LedgerStep } from "@/lib/server/ledger";
import { Button } from "@/components/ui/button";
import { UNREACHABLE } from "@/components/ui/unreachable";

export type LedgerRow = {
  chain: string;
  /** "Desk (accounts)" or the story's title. */
  label: string;
  /** The story's workspace, when it can be opened. */
  href: string | null;
  note: string | null;
  seq: number;
  headHash: string;
  /** Rendered on the server, so the relative time and its time zone do not differ on hydration. */
  updated: ReactNode;
  /** The latest signed checkpoint kept for the chain. */
  checkpoint: { seq: number; when: ReactNode } | null;
};

type RowState = { kind: "verifying" } | { kind: "done"; result: ChainVerification } | { kind: "error"; message: string };
type SignState = { kind: "signing" } | { kind: "signed"; seq: number } | { kind: "error"; message: string };

const STEP_LABELS: Record<LedgerStep, string> = { links: "Hash chain", checkpoints: "Signed checkpoints", coverage: "Story and chain", rows: "Entries now" };


const revisionsOf = (count: number) => `${count} ${count === 1 ? "revision" : "revisions"}`;

function describe(state: RowState): string {
  if (state.kind === "verifying") return "Verifying…";
  if (state.kind === "error") return state.message;
  const { result } = state;
  if (result.ok) {
    const signed = result.checkpoints?.verified ? `, ${result.checkpoints.verified} signed checkpoint${result.checkpoints.verified === 1 ? "" : "s"} hold` : "";
    return `Intact ✓ (${revisionsOf(result.revisions)}${signed})`;
  }
  const count = result.problems.length;
  // A live entry's problem is about the entry, not a place in the chain.
  const where = result.broken?.seq !== undefined && !result.broken.entity ? ` at #${result.broken.seq}` : "";
  return `Broken${where}: ${result.broken?.problem}${count > 1 ? ` (+${count - 1} more)` : ""}`;
}

function Verification({ state }: { state: RowState | undefined }) {
  if (!state) return <span className="text-slate-500">Not verified</span>;
  if (state.kind === "verifying") return <span className="text-slate-500">Verifying…</span>;
  if (state.kind === "error") return <span className="text-red-700">{state.message}</span>;
  const { result } = state;
  if (result.ok) return <span className="font-medium text-emerald-700">{describe(state)}</span>;
  return (
    <div className="flex flex-col gap-1">
      <span className="font-medium text-red-700">{describe(state)}</span>
      <details className="text-xs">
        <summary className="cursor-pointer text-slate-600">
          {result.problems.length === 1 ? "Expected and found" : `All ${result.problems.length} problems, expected and found`}
        </summary>
        <ol className="mt-1 flex flex-col gap-1.5">
          {result.problems.map((problem, index) => (
            <li key={index}>
              <p>
                <span className="font-medium">{STEP_LABELS[problem.step]}</span>
                {problem.seq !== undefined ? ` · revision #${problem.seq}` : ""}: {problem.problem}
              </p>
              <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5">
                <dt className="text-slate-500">Expected</dt>
                <dd>
                  <code className="break-all font-mono">{problem.expected}</code>
                </dd>
                <dt className="text-slate-500">Found</dt>
                <dd>
                  <code className="break-all font-mono">{problem.found}</code>
                </dd>
              </dl>
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

function Checkpoint({ row, state }: { row: LedgerRow; state: SignState | undefined }) {
  if (state?.kind === "signing") return <span className="text-slate-500">Signing…</span>;
  if (state?.kind === "error") return <span className="text-red-700">{state.message}</span>;
  if (state?.kind === "signed") return <span className="text-emerald-700">#{state.seq} signed just now</span>;
  if (!row.checkpoint) return <span className="text-slate-500">None yet</span>;
  return (
    <span>
      #{row.checkpoint.seq} <span className="text-slate-500">{row.checkpoint.when}</span>
    </span>
  );
}

/** The chain heads with on-demand verification, one chain at a time (each is a full recomputation). */
export function LedgerTable({ rows }: { rows: LedgerRow[] }) {
  const [states, setStates] = useState<Record<string, RowState>>({});
  const [signing, setSigning] = useState<Record<string, SignState>>({});
  const [busy, setBusy] = useState<"all" | string | null>(null);
  const [status, setStatus] = useState("");
  const stopRequested = useRef(false);

  const verifyOne = async (row: LedgerRow): Promise<RowState> => {
    setStates((current) => ({ ...current, [row.chain]: { kind: "verifying" } }));
    const response = await verifyChainAction({ chain: row.chain }).catch(() => null);
    const state: RowState = !response
      ? { kind: "error", message: UNREACHABLE }
      : response.ok
        ? { kind: "done", result: response.data }
        : { kind: "error", message: response.message };
    setStates((current) => ({ ...current, [row.chain]: state }));
    return state;
  };

  const verifyRow = async (row: LedgerRow) => {
    setBusy(row.chain);
    setStatus(`Verifying ${row.label}…`);
    const state = await verifyOne(row);
    setStatus(`${row.label}: ${describe(state)}`);
    setBusy(null);
  };

  const signRow = async (row: LedgerRow) => {
    setBusy(row.chain);
    setSigning((current) => ({ ...current, [row.chain]: { kind: "signing" } }));
    const response = await signCheckpointAction({ chain: row.chain }).catch(() => null);
    const state: SignState = !response ? { kind: "error", message: UNREACHABLE } : response.ok ? { kind: "signed", seq: response.data.seq } : { kind: "error", message: response.message };
    setSigning((current) => ({ ...current, [row.chain]: state }));
    setStatus(state.kind === "signed" ? `${row.label}: checkpoint of revision #${state.seq} signed.` : `${row.label}: ${state.kind === "error" ? state.message : ""}`);
    setBusy(null);
  };

  const verifyAll = async () => {
    setBusy("all");
    stopRequested.current = false;
    const tally = { intact: 0, broken: 0, failed: 0 };
    let checked = 0;
    for (const [index, row] of rows.entries()) {
      if (stopRequested.current) break;
      setStatus(`Verifying ${index + 1} of ${rows.length}…`);
      const state = await verifyOne(row);
      checked += 1;
      if (state.kind === "error") tally.failed += 1;
      else if (state.kind === "done" && state.result.ok) tally.intact += 1;
      else tally.broken += 1;
    }
    const lead = checked < rows.length ? `Stopped after ${checked} of ${rows.length} chains` : `Verified ${rows.length} ${rows.length === 1 ? "chain" : "chains"}`;
    const failed = tally.failed ? `, ${tally.failed} could not be checked` : "";
    setStatus(`${lead}: ${tally.intact} intact, ${tally.broken} broken${failed}.`);
    setBusy(null);
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button onClick={verifyAll} disabled={busy !== null || rows.length === 0}>
          Verify all
        </Button>
        {busy === "all" ? (
          <Button variant="secondary" onClick={() => (stopRequested.current = true)}>
            Stop
          </Button>
        ) : null}
        <p role="status" aria-live="polite" className="min-h-5 text-sm text-slate-600">
          {status}
        </p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse rounded border border-slate-200 bg-white text-sm">
          <caption className="sr-only">Revision chains and their verification</caption>
          <thead className="whitespace-nowrap bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Story</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Revisions</th>
              <th scope="col" className="px-3 py-2 font-medium">Head hash</th>
              <th scope="col" className="px-3 py-2 font-medium">Last change</th>
              <th scope="col" className="px-3 py-2 font-medium">Latest checkpoint</th>
              <th scope="col" className="px-3 py-2 font-medium">Verification</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.chain} className="border-t border-slate-100 align-top">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {row.href ? (
                    <Link href={row.href} className="hover:underline">
                      {row.label}
                    </Link>
                  ) : (
                    row.label
                  )}
                  {row.note ? <span className="ml-1 text-xs font-normal text-slate-500">({row.note})</span> : null}
                </th>
                <td className="px-3 py-2 text-right tabular-nums">{row.seq}</td>
                <td className="px-3 py-2">
                  {/* Shown shortened; selecting or copying it takes the full hash. */}
                  <code title={row.headHash} className="block max-w-[9rem] select-all truncate font-mono text-xs text-slate-700">
                    {row.headHash || "—"}
                  </code>
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{row.updated}</td>
                <td className="px-3 py-2">
                  <div className="flex items-start justify-between gap-2">
                    <Checkpoint row={row} state={signing[row.chain]} />
                    {row.seq > 0 ? (
                      <Button variant="ghost" aria-label={`Sign a checkpoint of ${row.label}`} disabled={busy !== null} onClick={() => signRow(row)}>
                        Sign
                      </Button>
                    ) : null}
                  </div>
                </td>
                <td className="px-3 py-2">
                  <div className="flex items-start justify-between gap-2">
                    <Verification state={states[row.chain]} />
                    <Button variant="secondary" aria-label={`Verify ${row.label}`} disabled={busy !== null} onClick={() => verifyRow(row)}>
                      Verify
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
