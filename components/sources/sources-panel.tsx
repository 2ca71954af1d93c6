import { listSources } from "@/lib/server/sources/list";
import type { SourceView } from "@/lib/entry-kinds/source";
import { PROTECTION_LABELS, RELIABILITY_LABELS, SOURCE_KIND_LABELS } from "@/lib/validations/sources";
import { sourceFiltersSchema } from "@/lib/validations/workspace";
import type { PanelProps } from "@/components/workspace/panel-props";
import { optionsOf } from "@/components/ui/field";
import { EntryPanelFrame } from "@/components/workspace/entry-panel";
import { panelExtras } from "@/components/workspace/entry-extras";
import { QuickAdd } from "@/components/workspace/quick-add";
import { LazyNewForm } from "@/components/workspace/lazy-new-form";
import { rowsOf } from "@/components/workspace/entry-list";
import { isEmptyRichText } from "@/lib/rich-text";
import { renderRichText } from "@/lib/rich-text/html";
import { SourceRow, SourceRows, type SourceRowData } from "./source-row";

/** A source's row, as this reader may see it (the lens decided `SourceView`; nothing hidden is added here). */
function sourceRow(source: SourceView): SourceRowData {
  const live = !source.burned;
  return {
    name: source.displayName,
    kind: source.kind,
    p: source.protection,
    r: source.reliability,
    ...(source.deletedAt ? { del: 1 as const } : {}),
    ...(source.burned ? { burned: 1 as const } : {}),
    ...(source.affiliation ? { aff: source.affiliation } : {}),
    ...(source.protection === "confidential" && !source.identityHidden && source.alias ? { alias: source.alias } : {}),
    ...(source.link ? { link: source.link } : {}),
    ...(isEmptyRichText(source.notes) ? {} : { notes: renderRichText(source.notes) }),
    by: source.loggedBy.name,
    quotes: source.quoteCount,
    ...(live && source.canManageProtection ? { manage: 1 as const } : {}),
    ...(live && source.canSeeProtected && source.hasContact ? { contact: 1 as const } : {}),
  };
}

/** A source read without controls (the story as of a moment): the same row, without links into the live workspace. */
export function SourceSummary({ source, storyId }: { source: SourceView; storyId: string }) {
  // Its menu's flags (contact, protection steps) go unused: a past moment's row has no menu.
  return <SourceRow row={sourceRow(source)} id={source.id} storyId={storyId} live={false} />;
}

/** How a source is named to assistive technology, live and as of a moment. */
export const sourceLabel = (source: SourceView) => `source ${source.displayName}`;

export async function SourcesPanel(props: PanelProps) {
  const filters = sourceFiltersSchema.parse(props.params);
  const storyId = props.access.storyId;
  const extras = panelExtras(props.access, "source", props.timeZone);
  return (
    <EntryPanelFrame
      kind="source"
      extras={extras}
      panel={props}
      page={await listSources(props.user, storyId, filters, extras.beside)}
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
      rows={rowsOf(sourceRow, SourceRows)}
    />
  );
}
