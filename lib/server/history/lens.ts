import "server-only";
import { db, type Tx } from "@/lib/db";
import { KIND_MODULES } from "@/lib/entry-kinds";
import { kindTitle, isLinkableKind, type TrackedKind } from "@/lib/entry-kinds/kinds";
import { EntryNames } from "@/lib/entry-kinds/names";
import { passagesOf } from "@/lib/entry-kinds/passages";
import { ids, str, type Snapshot } from "@/lib/entry-kinds/snapshot";
import { richTextToPlainText, type RichTextDoc } from "@/lib/rich-text";
import type { StoryAccess } from "@/lib/server/access";
import type { SourceLens } from "@/lib/server/sources/protection";
import { formatApproximate, precisionOf } from "@/lib/approximate-date";
import { formatMoment } from "@/lib/time-zone";
import { BURNED_VALUE, type Display, type DisplayMap } from "./diff";

// The lens every history view reads snapshots through: each kind's fields (the registry), names
// for ids, labels for enums, dates in the reader's zone — and source protection, which the
// names ask of the protection lens: a confidential source's identity is hidden from a reader
// who may not see it in EVERY revision, also in revisions from before it became confidential.

export type { Snapshot };
export type SnapshotRef = { entityType: string; snapshot: Snapshot };

export class HistoryLens {
  private constructor(
    private readonly names: EntryNames,
    private readonly timeZone: string,
  ) {}

  /**
   * Loads the names the given snapshots refer to (and the extra user ids, e.g. actors); through
   * the request's protection lens when one is given (a dossier's: see EntryNames.load).
   */
  static async load(access: StoryAccess, refs: SnapshotRef[], timeZone: string, userIds: string[] = [], client: Tx = db(), lens?: SourceLens): Promise<HistoryLens> {
    const names = await EntryNames.load(access, refs.map((ref) => ({ kind: ref.entityType, snapshot: ref.snapshot })), { client, userIds, lens });
    return new HistoryLens(names, timeZone);
  }

  userName(id: string): string {
    return this.names.user(id);
  }

  /**
   * A part of a source's identity, as the protection lens opens it for this reader. Hidden and
   * burned values compare by what is stored (`raw`: ciphertext, never shown), so a change still
   * shows as one.
   */
  private identity(snapshot: Snapshot, field: "name" | "affiliation" | "link" | "notes"): Display | null {
    const stored = snapshot[field];
    const raw = typeof stored === "string" ? stored : JSON.stringify(stored ?? "");
    if (!stored || raw === "") return null;
    const identity = this.names.sourceIdentity(snapshot);
    if (identity.burned) return { kind: "hidden", text: BURNED_VALUE, raw };
    if (identity.identityHidden) return { kind: "hidden", text: "Hidden: confidential source", raw };
    const value = identity[field];
    if (value === null) return { kind: "hidden", text: "Cannot be decrypted with the current keys", raw };
    const text = typeof value === "string" ? value : richTextToPlainText(value);
    return text.trim() ? { kind: "words", text } : null;
  }

  private linked(kind: unknown, id: string): string {
    const entry = this.names.entry(kind, id);
    return entry && isLinkableKind(kind) ? `${kindTitle(kind)}: ${entry.label}` : "An entry";
  }

  /** Every field of a snapshot, readable; null where the field is empty. */
  display(kind: TrackedKind, snapshot: Snapshot): DisplayMap {
    const out: DisplayMap = {};
    for (const spec of KIND_MODULES[kind].fields) {
      const value = snapshot[spec.key];
      const text = str(value);
      let display: Display | null = null;
      switch (spec.type) {
        case "text":
        case "link":
          display = text ? { kind: "words", text } : null;
          break;
        case "rich": {
          const words = value && typeof value === "object" ? richTextToPlainText(value as RichTextDoc) : "";
          display = words.trim() ? { kind: "words", text: words } : null;
          break;
        }
        case "identity":
          display = this.identity(snapshot, spec.key as "name" | "affiliation" | "link" | "notes");
          break;
        case "secret":
          display = text ? { kind: "hidden", text: "On file (never shown in history)", raw: text } : null;
          break;
        case "enum":
          display = text ? { kind: "value", text: spec.labels[text] ?? text } : null;
          break;
        case "moment": {
          const until = spec.untilKey ? snapshot[spec.untilKey] : null;
          const moment = { at: new Date(text), precision: precisionOf(snapshot[spec.precisionKey]), until: typeof until === "string" ? new Date(until) : null };
          display = text ? { kind: "value", text: spec.precisionKey ? formatApproximate(moment, this.timeZone) : formatMoment(moment.at, this.timeZone) } : null;
          break;
        }
        case "source":
          display = text ? { kind: "value", text: this.names.source(text) } : null;
          break;
        case "user":
          display = text ? { kind: "value", text: this.names.user(text) } : null;
          break;
        case "sources":
          display = ids(value).length ? { kind: "list", items: ids(value).map((id) => this.names.source(id)) } : null;
          break;
        case "quotes":
          display = ids(value).length ? { kind: "list", items: ids(value).map((id) => this.names.entry("quote", id)?.label ?? "Unknown quote") } : null;
          break;
        case "document":
          display = text ? { kind: "value", text: this.names.entry("document", text)?.label ?? "Unknown document" } : null;
          break;
        case "passages": {
          const passages = passagesOf(value);
          display = passages.length
            ? { kind: "list", items: passages.map((passage) => `${this.names.entry("document", passage.documentId)?.label ?? "Unknown document"}: “${passage.text}”`) }
            : null;
          break;
        }
        case "entry":
          display = text ? { kind: "value", text: this.linked(snapshot[spec.kindKey], text) } : null;
          break;
      }
      out[spec.key] = display;
    }
    return out;
  }

  /** A short name for the record as it stood in this snapshot. */
  label(kind: TrackedKind, snapshot: Snapshot): string {
    return KIND_MODULES[kind].label(snapshot, this.names);
  }
}
