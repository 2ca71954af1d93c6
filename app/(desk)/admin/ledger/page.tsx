import type { Metadata } from "next";
import { loadOr404, pageTimeZone, requirePageUser } from "@/lib/pages";
import { listChainHeads } from "@/lib/server/audit";
import { ledgerOverview } from "@/lib/server/ledger/admin";
import { LedgerProtection } from "@/components/admin/ledger-protection";
import { LedgerTable, type LedgerRow } from "@/components/admin/ledger-table";
import { SourceKeys } from "@/components/admin/source-keys";
import { sourceKeysOverview } from "@/lib/server/sources/protection";
import { RelativeTime } from "@/components/ui/time";

export const metadata: Metadata = { title: "Ledger" };

export default async function LedgerPage() {
  const user = await requirePageUser();
  const [heads, overview, sourceKeys, timeZone] = await Promise.all([
    loadOr404(() => listChainHeads(user)),
    loadOr404(() => ledgerOverview(user)),
    loadOr404(() => sourceKeysOverview(user)),
    pageTimeZone(),
  ]);
  const rows: LedgerRow[] = heads.map((head) => ({
    chain: head.chain,
    label: head.chain === "desk" ? "Desk (accounts)" : (head.story?.title ?? "Unknown story"),
    href: head.story && !head.story.deleted ? `/stories/${head.story.id}` : null,
    // A story chain whose story row is gone shows its id, so it can be looked up; a story
    // without a chain says so.
    note: head.story?.deleted ? "deleted" : !head.story && head.chain !== "desk" ? head.chain : !head.headHash ? "no ledger" : null,
    seq: head.seq,
    headHash: head.headHash,
    updated: head.updatedAt ? <RelativeTime date={head.updatedAt} timeZone={timeZone} /> : "—",
    checkpoint: head.checkpoint ? { seq: head.checkpoint.seq, when: <RelativeTime date={head.checkpoint.signedAt} timeZone={timeZone} /> } : null,
  }));
  return (
    <section aria-labelledby="ledger-heading" className="flex flex-col gap-3">
      <h1 id="ledger-heading" className="text-xl font-semibold">
        Ledger
      </h1>
      <p className="text-sm text-slate-600">
        Every change is a revision in its story&apos;s hash chain (accounts in the desk chain). Verifying recomputes each hash, checks the chain against
        every checkpoint the desk signed, checks that each story has its chain, and compares every entry as it is now with its latest revision; each
        problem is named. The same check runs from the command line with <code className="font-mono">npm run audit:verify</code>, which also takes
        checkpoint files and dossiers kept outside the database.
      </p>
      <LedgerProtection overview={overview} latestCheckpoint={overview.checkpoints.latestAt ? <RelativeTime date={overview.checkpoints.latestAt} timeZone={timeZone} /> : null} />
      <SourceKeys overview={sourceKeys} />
      <LedgerTable rows={rows} />
    </section>
  );
}
