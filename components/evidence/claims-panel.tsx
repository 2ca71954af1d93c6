import Link from "next/link";
import type { ClaimView } from "@/lib/entry-kinds/claim";
import { listClaims } from "@/lib/server/evidence/claims";
import { CLAIM_KIND_LABELS, CLAIM_STATUS_LABELS } from "@/lib/validations/evidence";
import { claimFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { Badge } from "@/components/ui/badge";
import { optionsOf } from "@/components/ui/field";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { QuickAdd } from "@/components/workspace/quick-add";
import type { ClaimPrefill } from "./claim-form";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";
import { documentHref } from "./links";

const STATUS_TONES = { open: "amber", resolved_for: "green", both_stand: "blue", unresolvable: "slate" } as const;

export function ClaimSummary({ claim, storyId }: { claim: ClaimView; storyId: string }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <p className="flex flex-wrap items-center gap-1.5 font-medium text-slate-900">
        <bdi>{claim.detail}</bdi>
        <Badge tone="slate">{CLAIM_KIND_LABELS[claim.kind]}</Badge>
        <Badge tone={STATUS_TONES[claim.status]}>
          {CLAIM_STATUS_LABELS[claim.status]}
          {claim.status === "resolved_for" && claim.resolvedFor !== null ? `: version ${claim.resolvedFor + 1}` : ""}
        </Badge>
        {claim.deletedAt ? <Badge tone="red">Deleted</Badge> : null}
      </p>
      <ol className="flex flex-col gap-1">
        {claim.versions.map((version, index) => (
          <li key={index} className="border-s-2 border-slate-300 ps-2">
            <span className="text-xs text-slate-500">Version {index + 1} · </span>
            <q dir="auto">{version.text}</q>{" "}
            <span className="text-xs text-slate-600">
              —{" "}
              {version.document ? (
                <Link href={documentHref(storyId, version.documentId, version.anchor[1])} className="underline">
                  from {version.document.label}
                </Link>
              ) : (
                "from a document no longer on the story"
              )}
            </span>
          </li>
        ))}
      </ol>
      {claim.reason ? <p className="text-slate-700">{claim.reason}</p> : null}
      <p className="text-xs text-slate-500">Recorded by {claim.loggedByName}</p>
    </div>
  );
}

export const claimLabel = (claim: ClaimView) => `claim ${claim.detail}`;

/** "Add to claim…" from the document viewer: ?fromDocument=…&start=…&end=…&words=… opens the form with that version. */
function prefillOf(params: Record<string, string>): ClaimPrefill | undefined {
  const start = Number(params.start);
  const end = Number(params.end);
  if (!params.fromDocument || !Number.isInteger(start) || !Number.isInteger(end) || !params.words) return undefined;
  return { documentId: params.fromDocument, start, end, words: params.words.slice(0, 5000) };
}

export async function ClaimsPanel(props: PanelProps) {
  const filters = claimFiltersSchema.parse(props.params);
  const storyId = props.access.storyId;
  const page = await listClaims(props.user, storyId, filters);
  const prefill = prefillOf(props.params);
  return (
    <EntryPanelFrame
      kind="claim"
      panel={props}
      page={page}
      filters={[{ name: "status", label: "Status", options: optionsOf(CLAIM_STATUS_LABELS) }]}
      create={
        <QuickAdd label="Record a disagreement" defaultOpen={Boolean(prefill)}>
          <LazyNewForm storyId={storyId} kind="claim" extras={{ prefill }} />
        </QuickAdd>
      }
      empty={{
        title: "No disagreements recorded.",
        write: "When reports differ on a detail, record each one’s words here: press N or “Record a disagreement”.",
        read: "Claims appear here when the team records where the sources disagree.",
      }}
      labelOf={claimLabel}
      summaryOf={(claim) => <ClaimSummary claim={claim} storyId={storyId} />}
    />
  );
}
