import type { Metadata } from "next";
import { requirePageUser } from "@/lib/pages";
import { VerifyCopy } from "@/components/verify/verify-copy";

export const metadata: Metadata = { title: "Verify a copy" };

export default async function VerifyCopyPage() {
  await requirePageUser();
  return (
    <section aria-labelledby="verify-heading" className="mx-auto flex w-full max-w-4xl flex-col gap-3">
      <h1 id="verify-heading" className="text-xl font-semibold">
        Verify a copy
      </h1>
      <p className="text-sm text-slate-600">
        Someone shows you a dossier — in an inbox, in court, from a partner outlet — and you need to know whether it is what the desk&apos;s ledger says.
        Drop the PDF, JSON or Markdown file here: the desk checks its signed checkpoint, that the ledger still holds it, and that its contents are what
        the ledger gives for that revision, and tells you exactly where they differ. You can check copies of stories you are on; the file is read, not
        kept.
      </p>
      <VerifyCopy />
    </section>
  );
}
