import type { Metadata } from "next";
import { loadOr404, requirePageUser } from "@/lib/pages";
import { listSensitiveReads } from "@/lib/server/audit";
import { SENSITIVE_READS_EXPLAINED, SensitiveReadsTable } from "@/components/admin/sensitive-reads-table";

export const metadata: Metadata = { title: "Sensitive reads and exports" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AdminAuditPage({ searchParams }: Props) {
  const { page } = await searchParams;
  const user = await requirePageUser();
  const reads = await loadOr404(() => listSensitiveReads(user, { page: typeof page === "string" ? page : undefined }));
  return (
    <section aria-labelledby="audit-heading" className="flex flex-col gap-3">
      <h1 id="audit-heading" className="text-xl font-semibold">
        Sensitive reads and exports
      </h1>
      <p className="text-sm text-slate-600">{SENSITIVE_READS_EXPLAINED} All stories, newest first.</p>
      <SensitiveReadsTable reads={reads} caption="Sensitive reads and exports, all stories" showStory />
    </section>
  );
}
