import type { ReactNode } from "react";
import type { LedgerOverview } from "@/lib/server/ledger/admin";

/** What protects the ledger on this desk, and what the newsroom must keep outside the database. */
export function LedgerProtection({ overview, latestCheckpoint }: { overview: LedgerOverview; latestCheckpoint: ReactNode }) {
  const { appRole, verifierKey, checkpoints, mirror, general } = overview;
  const mirrored = [mirror.directory && "a directory", mirror.webhook && "a webhook"].filter(Boolean).join(" and ");
  return (
    <section aria-labelledby="protection-heading" className="flex flex-col gap-2 rounded border border-slate-200 bg-white p-3 text-sm">
      <h2 id="protection-heading" className="font-semibold">
        Protection
      </h2>
      {general.length ? (
        <div role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-red-800">
          <p className="font-medium">The ledger itself is not intact:</p>
          <ul className="list-disc pl-5">
            {general.map((problem) => (
              <li key={problem.problem}>{problem.problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="grid grid-cols-1 gap-x-3 gap-y-2 break-words sm:grid-cols-[11rem_minmax(0,1fr)]">
        <dt className="text-slate-500">App&apos;s database role</dt>
        <dd>
          {!appRole ? (
            <span className="text-slate-500">Could not be checked.</span>
          ) : appRole.canBypass ? (
            <span className="font-medium text-red-700">
              Can bypass the ledger: {appRole.reasons.join("; ")}. Run the app as a runtime role (<code className="font-mono">npm run db:roles</code>).
            </span>
          ) : (
            <span className="text-emerald-700">Cannot bypass the ledger ✓</span>
          )}
        </dd>
        <dt className="text-slate-500">Desk&apos;s public key</dt>
        <dd className="flex flex-col gap-1">
          {verifierKey ? (
            <>
              <code aria-label="Desk's public key" className="select-all break-all font-mono text-xs text-slate-800">
                {verifierKey}
              </code>
              <span className="text-xs text-slate-500">
                Publish it and keep it outside this server: it checks every signed checkpoint and dossier (<code className="font-mono">npm run audit:key</code>{" "}
                prints it).
              </span>
            </>
          ) : (
            <span className="font-medium text-red-700">No signing key: set STORYDESK_SIGNING_KEY. Nothing is being signed.</span>
          )}
        </dd>
        <dt className="text-slate-500">Signed checkpoints</dt>
        <dd className="flex flex-col gap-1">
          <span>
            {checkpoints.count} kept{latestCheckpoint ? <>, the latest {latestCheckpoint}</> : null}; made on every dossier export, on demand, and every{" "}
            {overview.intervalMinutes} minutes a chain grew.
          </span>
          <span className={mirrored ? "text-xs text-slate-500" : "text-xs font-medium text-amber-800"}>
            {mirrored
              ? `Each new one is also sent to ${mirrored} outside the database.`
              : "Not mirrored outside the database (STORYDESK_CHECKPOINT_DIR or STORYDESK_CHECKPOINT_WEBHOOK): download them regularly and keep them elsewhere."}
          </span>
          <a href="/api/admin/checkpoints" className="w-fit text-blue-700 hover:underline" download>
            Download all checkpoints
          </a>
        </dd>
      </dl>
    </section>
  );
}
