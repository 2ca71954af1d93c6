import "server-only";
import { db, type Tx } from "@/lib/db";
import { richTextToPlainText, type RichTextDoc } from "@/lib/rich-text";
import type { StoryAccess } from "@/lib/server/access";
import { decryptField } from "@/lib/server/crypto/fields";
import { SYSTEM_ACTOR_ID } from "@/lib/server/ledger";
import { maySeeProtected, sourceFieldContext } from "@/lib/server/sources";
import { formatMoment } from "@/lib/time-zone";
import type { Display, DisplayMap } from "./diff";
import { FIELD_SPECS, type HistoryEntityType } from "./fields";

// The lens every history view reads snapshots through: names for ids, labels for enums,
// dates in the reader's zone, and the source-protection rule applied once. A confidential
// source's identity is hidden from a reader who may not see it in EVERY revision, also in
// revisions from before it became confidential (the current protection counts too).

export type Snapshot = Record<string, unknown>;
export type SnapshotRef = { entityType: string; snapshot: Snapshot };

type SourceRow = { id: string; name: string; protection: string; alias: string | null; loggedById: string; deletedAt: Date | null };
type QuoteRow = { id: string; text: string; speakerId: string };

const str = (value: unknown): string => (typeof value === "string" ? value : "");
const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
const excerpt = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export class HistoryLens {
  private constructor(
    private readonly access: StoryAccess,
    private readonly timeZone: string,
    private readonly sources: Map<string, SourceRow>,
    private readonly quotes: Map<string, QuoteRow>,
    private readonly users: Map<string, string>,
    /** Questions and timeline events a follow-up links to: their words. */
    private readonly entries: Map<string, string>,
  ) {}

  /** Loads the names the given snapshots refer to (and the extra user ids, e.g. actors). */
  static async load(access: StoryAccess, refs: SnapshotRef[], timeZone: string, userIds: string[] = [], client: Tx = db()): Promise<HistoryLens> {
    const sourceIds = new Set<string>();
    const quoteIds = new Set<string>();
    const people = new Set(userIds);
    const otherEntries = new Set<string>();
    for (const { entityType, snapshot } of refs) {
      if (entityType === "follow_up") {
        people.add(str(snapshot.assignee_id));
        people.add(str(snapshot.assigned_by_id));
        const linked = str(snapshot.link_id);
        if (snapshot.link_kind === "source") sourceIds.add(linked);
        else if (snapshot.link_kind === "quote") quoteIds.add(linked);
        else if (linked) otherEntries.add(linked);
      }
      if (entityType === "source") sourceIds.add(str(snapshot.id));
      if (entityType === "quote") sourceIds.add(str(snapshot.speaker_id));
      if (entityType === "member") people.add(str(snapshot.user_id));
      ids(snapshot.answer_source_ids).forEach((id) => sourceIds.add(id));
      ids(snapshot.source_ids).forEach((id) => sourceIds.add(id));
      ids(snapshot.answer_quote_ids).forEach((id) => quoteIds.add(id));
    }
    const [quotes, users, questions, events] = await Promise.all([
      quoteIds.size
        ? client.quote.findMany({ where: { storyId: access.storyId, id: { in: [...quoteIds] } }, select: { id: true, text: true, speakerId: true } })
        : [],
      people.size ? client.user.findMany({ where: { id: { in: [...people].filter(Boolean) } }, select: { id: true, name: true } }) : [],
      otherEntries.size ? client.question.findMany({ where: { storyId: access.storyId, id: { in: [...otherEntries] } }, select: { id: true, text: true } }) : [],
      otherEntries.size ? client.timelineEvent.findMany({ where: { storyId: access.storyId, id: { in: [...otherEntries] } }, select: { id: true, what: true } }) : [],
    ]);
    quotes.forEach((quote) => sourceIds.add(quote.speakerId));
    sourceIds.delete("");
    const sources = sourceIds.size
      ? await client.source.findMany({
          where: { storyId: access.storyId, id: { in: [...sourceIds] } },
          select: { id: true, name: true, protection: true, alias: true, loggedById: true, deletedAt: true },
        })
      : [];
    const names = new Map(users.map((user) => [user.id, user.name]));
    names.set(SYSTEM_ACTOR_ID, "System");
    return new HistoryLens(
      access,
      timeZone,
      new Map(sources.map((source) => [source.id, source])),
      new Map(quotes.map((quote) => [quote.id, quote])),
      names,
      new Map([...questions.map((q) => [q.id, `Question: ${excerpt(q.text)}`] as const), ...events.map((e) => [e.id, `Timeline: ${excerpt(e.what)}`] as const)]),
    );
  }

  userName(id: string): string {
    return this.users.get(id) ?? "Former account";
  }

  /** A source as this reader may name it today. */
  sourceLabel(id: string): string {
    const source = this.sources.get(id);
    if (!source) return "Unknown source";
    if (source.protection !== "confidential") return source.name;
    if (!maySeeProtected(this.access, source.loggedById)) return source.alias ?? "Confidential source";
    return this.decrypt(source.name, sourceFieldContext(id, "name")) ?? source.alias ?? "Confidential source";
  }

  quoteLabel(id: string): string {
    const quote = this.quotes.get(id);
    return quote ? `${this.sourceLabel(quote.speakerId)}: “${excerpt(quote.text)}”` : "Unknown quote";
  }

  /** Is a source's identity hidden from this reader in this snapshot? */
  private identityHidden(snapshot: Snapshot): boolean {
    const current = this.sources.get(str(snapshot.id));
    const loggedBy = str(snapshot.logged_by_id) || current?.loggedById || "";
    if (maySeeProtected(this.access, loggedBy)) return false;
    return snapshot.protection === "confidential" || current?.protection === "confidential";
  }

  private decrypt(value: string, context: string): string | null {
    try {
      return decryptField(value, context);
    } catch {
      return null;
    }
  }

  private identity(snapshot: Snapshot, field: "name" | "affiliation"): Display | null {
    const value = str(snapshot[field]);
    if (!value) return null;
    if (this.identityHidden(snapshot)) return { kind: "hidden", text: "Hidden: confidential source", raw: value };
    if (snapshot.protection !== "confidential") return { kind: "words", text: value };
    const plain = this.decrypt(value, sourceFieldContext(str(snapshot.id), field));
    return plain === null ? { kind: "hidden", text: "Cannot be decrypted with the current keys", raw: value } : { kind: "words", text: plain };
  }

  /** Every field of a snapshot, readable; null where the field is empty. */
  display(entityType: HistoryEntityType, snapshot: Snapshot): DisplayMap {
    const out: DisplayMap = {};
    for (const spec of FIELD_SPECS[entityType]) {
      const value = snapshot[spec.key];
      let display: Display | null = null;
      switch (spec.type) {
        case "text":
        case "link":
          display = str(value) ? { kind: "words", text: str(value) } : null;
          break;
        case "rich": {
          const text = value && typeof value === "object" ? richTextToPlainText(value as RichTextDoc) : "";
          display = text.trim() ? { kind: "words", text } : null;
          break;
        }
        case "identity":
          display = this.identity(snapshot, spec.key as "name" | "affiliation");
          break;
        case "secret":
          display = str(value) ? { kind: "hidden", text: "On file (never shown in history)", raw: str(value) } : null;
          break;
        case "enum":
          display = str(value) ? { kind: "value", text: spec.labels[str(value)] ?? str(value) } : null;
          break;
        case "moment": {
          const precision = snapshot[spec.precisionKey] === "day" ? "day" : "minute";
          display = str(value) ? { kind: "value", text: formatMoment(new Date(str(value)), this.timeZone, precision) } : null;
          break;
        }
        case "source":
          display = str(value) ? { kind: "value", text: this.sourceLabel(str(value)) } : null;
          break;
        case "user":
          display = str(value) ? { kind: "value", text: this.userName(str(value)) } : null;
          break;
        case "sources":
          display = ids(value).length ? { kind: "list", items: ids(value).map((id) => this.sourceLabel(id)) } : null;
          break;
        case "quotes":
          display = ids(value).length ? { kind: "list", items: ids(value).map((id) => this.quoteLabel(id)) } : null;
          break;
        case "entry": {
          const id = str(value);
          const kind = str(snapshot[spec.kindKey]);
          const text = kind === "source" ? `Source: ${this.sourceLabel(id)}` : kind === "quote" ? `Quote: ${this.quoteLabel(id)}` : (this.entries.get(id) ?? "An entry");
          display = id ? { kind: "value", text } : null;
          break;
        }
      }
      out[spec.key] = display;
    }
    return out;
  }

  /** A short name for the entry as it stood in this snapshot. */
  label(entityType: HistoryEntityType, snapshot: Snapshot): string {
    switch (entityType) {
      case "story":
        return str(snapshot.title);
      case "member":
        return this.userName(str(snapshot.user_id));
      case "source": {
        if (this.identityHidden(snapshot)) {
          return this.sources.get(str(snapshot.id))?.alias ?? (str(snapshot.alias) || "Confidential source");
        }
        const name = this.identity(snapshot, "name");
        return name?.kind === "words" ? name.text : (str(snapshot.alias) || "Confidential source");
      }
      case "quote":
        return `${this.sourceLabel(str(snapshot.speaker_id))}: “${excerpt(str(snapshot.text))}”`;
      case "question":
        return excerpt(str(snapshot.text), 120);
      case "timeline_event":
        return excerpt(str(snapshot.what), 120);
      case "follow_up":
        return excerpt(str(snapshot.title), 120);
      case "comment":
        return excerpt(str(snapshot.body), 120);
    }
  }
}
