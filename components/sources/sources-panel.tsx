import Link from "next/link";
import { listSources } from "@/lib/server/sources/list";
import type { SourceView } from "@/lib/entry-kinds/source";
import { PROTECTION_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS } from "@/lib/validations/sources";
import { sourceFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { RichTextView } from "@/components/editor/rich-text-view";
import { Badge } from "@/components/ui/badge";
import { optionsOf } from "@/components/ui/field";
import { RELIABILITY_TONES } from "@/components/workspace/labels";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { QuickAdd } from "@/components/workspace/quick-add";
import { ProtectionActions } from "./protection-actions";
import { RevealContact } from "./reveal-contact";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";

/** A source as the panel shows it; `live: false` (a past moment) drops links into the live workspace and the reveal. */
export function SourceSummary({ source, storyId, live = true }: { source: SourceView; storyId: string; live?: boolean }) {
  return (
    <div className="entry-summary">
      <div className="entry-heading">
        <h3 className="font-medium text-slate-900">{source.displayName}</h3>
        <Badge>{SOURCE_KIND_LABELS[source.kind]}</Badge>
        <Badge tone={source.protection === "confidential" ? "red" : source.protection === "on_record" ? "slate" : "amber"}>
          {PROTECTION_LABELS[source.protection]}
        </Badge>
        <Badge tone={RELIABILITY_TONES[source.reliability]}>Reliability: {RELIABILITY_LABELS[source.reliability]}</Badge>
        {source.deletedAt ? <Badge tone="red">Deleted</Badge> : null}
        {source.burned ? <Badge tone="red">Burned</Badge> : null}
      </div>
      {source.affiliation ? <p className="text-slate-700">{source.affiliation}</p> : null}
      {source.protection === "confidential" && !source.identityHidden ? (
        <p className="text-xs text-red-800">
          Confidential — shown to you as {source.alias}&apos;s lead or logger; others see only &ldquo;{source.alias}&rdquo;.
        </p>
      ) : null}
      {source.link ? (
        <a href={source.link} target="_blank" rel="noopener noreferrer nofollow" className="truncate text-xs text-blue-700 underline">
          {source.link}
        </a>
      ) : null}
      <RichTextView doc={source.notes} className="text-slate-700" />
      <p className="entry-byline source-byline">
        <span>Logged by {source.loggedBy.name}</span>
        {live ? (
          <Link href={`/stories/${storyId}?tab=quotes&speaker=${source.id}`} prefetch={false} className="text-blue-700 hover:underline">
            {source.quoteCount === 1 ? "1 quote" : `${source.quoteCount} quotes`}
          </Link>
        ) : (
          <span>{source.quoteCount === 1 ? "1 quote" : `${source.quoteCount} quotes`}</span>
        )}
        {live && source.canSeeProtected && source.hasContact && !source.burned ? <RevealContact storyId={storyId} sourceId={source.id} name={source.displayName} /> : null}
        {live && source.canManageProtection && !source.burned ? (
          <ProtectionActions
            storyId={storyId}
            source={{ id: source.id, version: source.version, protection: source.protection, displayName: source.displayName, canManageProtection: true, burned: null }}
          />
        ) : null}
      </p>
    </div>
  );
}

/** How a source is named to assistive technology, live and as of a moment. */
export const sourceLabel = (source: SourceView) => `source ${source.displayName}`;

export async function SourcesPanel(props: PanelProps) {
  const filters = sourceFiltersSchema.parse(props.params);
  const storyId = props.access.storyId;
  return (
    <EntryPanelFrame
      kind="source"
      panel={props}
      page={await listSources(props.user, storyId, filters)}
      filters={[
        { name: "kind", label: "Kind", options: optionsOf(SOURCE_KIND_LABELS) },
        { name: "reliability", label: "Reliability", options: optionsOf(RELIABILITY_LABELS) },
        { name: "protection", label: "Protection", options: optionsOf(PROTECTION_LABELS) },
      ]}
      create={<QuickAdd label="New source"><LazyNewForm storyId={storyId} kind="source" extras={{}} /></QuickAdd>}
      empty={{
        title: "No sources logged yet.",
        write: "Log who you know things from: press N or “New source”. Mark a source confidential to encrypt its identity.",
        read: "Sources appear here when the team logs them.",
      }}
      labelOf={sourceLabel}
      summaryOf={(source) => <SourceSummary source={source} storyId={storyId} />}
    />
  );
}
