import type { ClaimView } from "@/lib/entry-kinds/claim";
import { listClaims } from "@/lib/server/evidence/claims";
import { CLAIM_KIND_LABELS, CLAIM_STATUS_LABELS } from "@/lib/validations/evidence";
import { claimFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import type { Tone } from "@/components/ui/badge";
import { optionsOf } from "@/components/ui/field";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { panelExtras } from "@/components/workspace/entry-extras";
import { QuickAdd } from "@/components/workspace/quick-add";
import type { ClaimPrefill } from "./claim-form";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";
import { rowsOf } from "@/components/workspace/entry-list";
import { ClaimRow, ClaimRows, type ClaimRowData } from "./claim-row";
import { documentHref } from "./links";

const STATUS_TONES: Record<ClaimView["status"], Tone> = { open: "amber", resolved_for: "green", both_stand: "blue", unresolvable: "slate" };

/** A claim's row, said in words on the server (ClaimRow renders it): each version's document as this reader may name it. */
function claimRow(claim: ClaimView, storyId: string): ClaimRowData {
  const status = `${CLAIM_STATUS_LABELS[claim.status]}${claim.status === "resolved_for" && claim.resolvedFor !== null ? `: version ${claim.resolvedFor + 1}` : ""}`;
  const badges: ClaimRowData["badges"] = [["slate", CLAIM_KIND_LABELS[claim.kind]], [STATUS_TONES[claim.status], status]];
  if (claim.deletedAt) badges.push(["red", "Deleted"]);
  return {
    detail: claim.detail,
    badges,
    versions: claim.versions.map((version): ClaimRowData["versions"][number] =>
      version.document ? [version.text, documentHref(storyId, version.documentId, version.anchor[1]), version.document.label] : [version.text],
    ),
    ...(claim.reason ? { reason: claim.reason } : {}),
    by: claim.loggedByName,
  };
}

/** A claim read without controls (the story as of a moment): the same row, rendered on the server. */
export function ClaimSummary({ claim, storyId }: { claim: ClaimView; storyId: string }) {
  return <ClaimRow row={claimRow(claim, storyId)} />;
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
  const extras = panelExtras(props.access, "claim", props.timeZone);
  const page = await listClaims(props.user, storyId, filters, extras.beside);
  const prefill = prefillOf(props.params);
  return (
    <EntryPanelFrame
      kind="claim"
      extras={extras}
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
      rows={rowsOf((claim: ClaimView) => claimRow(claim, storyId), ClaimRows)}
    />
  );
}
