import type { RevisionListItem } from "@/lib/server/revisions";
import { RelativeTime } from "@/components/ui/time";
import { MEMBER_ROLE_LABELS, type MemberRoleValue } from "@/lib/validations/member";

const ACTION_LABELS: Record<string, string> = { create: "created", update: "changed", delete: "deleted", restore: "restored" };

function describe(revision: RevisionListItem): string {
  const { subject } = revision;
  if (revision.entityType === "member" && subject) {
    const role = MEMBER_ROLE_LABELS[subject.role as MemberRoleValue]?.toLowerCase() ?? subject.role;
    if (revision.action === "create") return `added ${subject.name} as ${role}`;
    if (revision.action === "delete") return `removed ${subject.name} from the team`;
    if (revision.action === "restore") return `added ${subject.name} back as ${role}`;
    return `made ${subject.name} ${role}`;
  }
  const action = ACTION_LABELS[revision.action] ?? revision.action;
  const fields = revision.action === "update" ? revision.changedFields : [];
  return `${action} ${revision.entityType.replaceAll("_", " ")}${fields.length ? `: ${fields.map((field) => field.replaceAll("_", " ")).join(", ")}` : ""}`;
}

export function RecentRevisions({ revisions, headHash }: { revisions: RevisionListItem[]; headHash: string | null }) {
  return (
    <section aria-labelledby="revisions-heading" className="rounded border border-slate-200 bg-white p-3">
      <h2 id="revisions-heading" className="text-sm font-semibold">
        Recent changes
      </h2>
      {revisions.length === 0 ? (
        <p className="text-sm text-slate-500">No changes recorded yet.</p>
      ) : (
        <ol aria-label="Revisions" className="mt-1 divide-y divide-slate-100 text-sm">
          {revisions.map((revision) => (
            <li key={revision.seq} className="py-1.5">
              <span className="mr-1 font-mono text-xs text-slate-400">#{revision.seq}</span>
              <span className="font-medium">{revision.actorName}</span> {describe(revision)}
              <span className="ml-1 text-xs text-slate-500">
                <RelativeTime date={revision.createdAt} />
              </span>
              {revision.reason ? <p className="text-xs text-slate-600">Reason: {revision.reason}</p> : null}
            </li>
          ))}
        </ol>
      )}
      {headHash ? (
        <p className="mt-2 break-all border-t border-slate-100 pt-2 font-mono text-[11px] text-slate-500" title="Hash of the latest revision in this story's chain">
          Chain head {headHash}
        </p>
      ) : null}
    </section>
  );
}
