import type { Metadata } from "next";
import { loadOr404, requirePageUser } from "@/lib/pages";
import { listChainHeads } from "@/lib/server/audit";
import { LedgerTable, type LedgerRow } from "@/components/admin/ledger-table";
import { RelativeTime } from "@/components/ui/time";

export const metadata: Metadata = { title: "Ledger" };

export default async function LedgerPage() {
  const user = await requirePageUser();
  const heads = await loadOr404(() => listChainHeads(user));
  const rows: LedgerRow[] = heads.map((head) => ({
    chain: head.chain,
    label: head.chain === "desk" ? "Desk (accounts)" : (head.story?.title ?? "Unknown story"),
    href: head.story && !head.story.deleted ? `/stories/${head.story.id}` : null,
    // A story chain whose story row is gone shows its id, so it can be looked up.
    note: head.story?.deleted ? "deleted" : !head.story && head.chain !== "desk" ? head.chain : null,
    seq: head.seq,
    headHash: head.headHash,
    updated: <RelativeTime date={head.updatedAt} />,
  }));
  return (
    <section aria-labelledby="ledger-heading" className="flex flex-col gap-3">
      <h1 id="ledger-heading" className="text-xl font-semibold">
        Ledger
      </h1>
      <p className="text-sm text-slate-600">
        Every change is a revision in its story&apos;s hash chain (accounts in the desk chain). Verifying recomputes each hash from the stored
        revisions and names the first broken link; the same check runs from the command line with <code className="font-mono">npm run audit:verify</code>.
      </p>
      <LedgerTable rows={rows} />
    </section>
  );
}
