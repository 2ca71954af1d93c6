import "server-only";
import { isolate } from "@/lib/bidi";
import { db, type Tx } from "@/lib/db";
import { KINDS, isTrackedKind } from "@/lib/entry-kinds/kinds";
import { handleOf, mentionHandles } from "@/lib/mentions";
import { richTextToPlainText, type RichTextDoc } from "@/lib/rich-text";
import { storyAccessFor, type SessionUser } from "@/lib/server/access";
import { notify } from "./notify";

// @mentions in the story memo, notes, answers and comments. Only active members of the story
// (not disabled; an admin passing by is not a member) can be mentioned; a mention notifies
// once, in the transaction of the write that made it: an edit notifies only members it newly
// mentions. Parsing is pure and shared with the browser (lib/mentions.ts).

export { handleOf, mentionHandles } from "@/lib/mentions";

export type MentionableMember = { id: string; name: string; handle: string };

/** Text to look for mentions in: plain text, or a rich-text document. */
export type MentionText = string | RichTextDoc | null | undefined;

const plainText = (value: MentionText): string => (typeof value === "string" ? value : value ? richTextToPlainText(value) : "");

/** The ids of the story's active members whose handle `text` mentions. */
export async function resolveMentions(tx: Tx, storyId: string, text: MentionText): Promise<string[]> {
  const handles = mentionHandles(plainText(text));
  if (handles.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT u.id::text AS id
      FROM story_members m JOIN users u ON u.id = m.user_id
     WHERE m.story_id = ${storyId}::uuid AND m.deleted_at IS NULL AND u.disabled_at IS NULL
       AND lower(split_part(u.email, '@', 1)) = ANY(${handles}::text[])
     ORDER BY u.name`;
  return rows.map((row) => row.id);
}

/** Who can be mentioned on a story, for hints and completion (any member may ask). */
export async function mentionableMembers(user: SessionUser, storyId: string): Promise<MentionableMember[]> {
  const access = await storyAccessFor(user, storyId, "reader");
  const rows = await db().storyMember.findMany({
    where: { storyId: access.storyId, deletedAt: null, user: { disabledAt: null } },
    select: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { user: { name: "asc" } },
  });
  return rows.map(({ user: member }) => ({ id: member.id, name: member.name, handle: handleOf(member.email) }));
}

export type MentionPlace = "memo" | "notes" | "answer" | "comment";

const shorten = (label: string, max = 80) => {
  const line = label.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
};

/**
 * How a title names an entry: never as it stands when the mention is made (a source on the
 * record then may be confidential when the title is read), but by this placeholder, which the
 * inbox replaces with the entry's name as its reader may know it, through the protection lens.
 */
export const ENTRY_PLACEHOLDER = "{entry}";

/** A title as its reader reads it: the entry named as they may name it now (null: it is gone). */
export const titleNaming = (title: string, label: string | null) => title.replace(ENTRY_PLACEHOLDER, label === null ? "an entry" : `“${isolate(shorten(label))}”`);

function titleOf(actorName: string, where: MentionPlace, entityType: string, storyTitle: string): string {
  const noun = isTrackedKind(entityType) ? KINDS[entityType].noun : "entry";
  const quoted = entityType === "story" ? `“${isolate(shorten(storyTitle))}”` : ENTRY_PLACEHOLDER;
  switch (where) {
    case "memo":
      return `${actorName} mentioned you in the memo of ${quoted}`;
    case "notes":
      return `${actorName} mentioned you in the notes of ${noun} ${quoted}`;
    case "answer":
      return `${actorName} mentioned you in the answer to ${noun} ${quoted}`;
    case "comment":
      return `${actorName} mentioned you in a comment on ${noun} ${quoted}`;
  }
}

export type MentionWrite = {
  storyId: string;
  actorId: string;
  /** The entry the text belongs to (for a comment: the entry it is on; "story" for the memo). */
  entityType: string;
  entityId: string;
  /** The version the write produced: each version's mentions notify once. */
  version: number;
  where: MentionPlace;
  /** The memo's story title. An entry is never named here: its title names it when read (ENTRY_PLACEHOLDER). */
  storyTitle?: string;
  /** When set, only these members may be notified (a confidential source's notes: its leads and logger). */
  onlyTo?: readonly string[] | null;
  before: MentionText;
  after: MentionText;
  /** For a comment: its id (names the event), and whom it mentioned before (stored ids). */
  commentId?: string;
  previousIds?: readonly string[];
};

/**
 * Notifies the members `after` mentions that `before` did not. Call it inside the write's
 * transaction, after the write. Returns everyone `after` mentions (a comment stores them) and
 * how many notifications were made.
 */
export async function notifyMentions(tx: Tx, write: MentionWrite): Promise<{ mentioned: string[]; notified: number }> {
  const mentioned = await resolveMentions(tx, write.storyId, write.after);
  if (mentioned.length === 0) return { mentioned, notified: 0 };
  const already = new Set([...(await resolveMentions(tx, write.storyId, write.before)), ...(write.previousIds ?? [])]);
  const allowed = write.onlyTo ? new Set(write.onlyTo) : null;
  const fresh = mentioned.filter((id) => id !== write.actorId && !already.has(id) && (!allowed || allowed.has(id)));
  if (fresh.length === 0) return { mentioned, notified: 0 };
  const actor = await tx.user.findUnique({ where: { id: write.actorId }, select: { name: true } });
  const notified = await notify(tx, fresh, {
    storyId: write.storyId,
    kind: "mentioned",
    actorId: write.actorId,
    entityType: write.entityType,
    entityId: write.entityId,
    title: titleOf(actor?.name ?? "Someone", write.where, write.entityType, write.storyTitle ?? ""),
    eventKey: write.commentId ? `mention:comment:${write.commentId}:v${write.version}` : `mention:${write.entityType}:${write.entityId}:v${write.version}`,
  });
  return { mentioned, notified };
}
