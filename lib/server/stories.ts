import "server-only";
import { randomUUID } from "node:crypto";
import slugify from "@sindresorhus/slugify";
import { db, rawRows } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RichTextDoc } from "@/lib/rich-text";
import { storyAccessAndHead, storyAccessFor, storyAccessSql, storyVisibleSql, storyVisibleTo, type SessionUser } from "@/lib/server/access";
import { loadForEdit } from "@/lib/server/edits";
import { requestMemo } from "@/lib/server/request-memo";
import { writeWithRevision } from "@/lib/server/ledger";
import { notifyMentions } from "@/lib/server/notifications/mentions";
import { parseInput } from "@/lib/validations/parse";
import { isUuid } from "@/lib/validations/common";
import { Prisma, type StoryStatus } from "@/lib/generated/prisma/client";
import {
  createStorySchema,
  updateStorySchema,
  type CreateStoryInput,
  type UpdateStoryInput,
} from "@/lib/validations/story";
import { updateMemoSchema, type UpdateMemoInput } from "@/lib/validations/story-memo";

export type StoryListItem = {
  id: string;
  slug: string;
  title: string;
  status: StoryStatus;
  lastActivityAt: Date;
  myRole: string | null;
  memberCount: number;
};

/** The stories a user may see, most recently active first. */
export async function listStories(user: SessionUser): Promise<StoryListItem[]> {
  const stories = await db().story.findMany({
    where: storyVisibleTo(user),
    select: {
      id: true,
      slug: true,
      title: true,
      status: true,
      updatedAt: true,
      members: { where: { deletedAt: null }, select: { userId: true, role: true } },
    },
    take: 500,
  });
  const chains = await db().revisionChain.findMany({
    where: { storyId: { in: stories.map((story) => story.id) } },
    select: { storyId: true, updatedAt: true },
  });
  const lastActivity = new Map(chains.map((chain) => [chain.storyId, chain.updatedAt]));
  return stories
    .map((story) => ({
      id: story.id,
      slug: story.slug,
      title: story.title,
      status: story.status,
      lastActivityAt: lastActivity.get(story.id) ?? story.updatedAt,
      myRole: story.members.find((member) => member.userId === user.id)?.role ?? null,
      memberCount: story.members.length,
    }))
    .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime());
}

async function uniqueSlug(title: string): Promise<string> {
  const base = slugify(title).slice(0, 60) || "story";
  const taken = new Set(
    (await db().story.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((s) => s.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Editors and admins open stories; the creator becomes its lead. */
export async function createStory(user: SessionUser, input: CreateStoryInput) {
  if (user.role === "reporter") {
    throw new AppError("FORBIDDEN", { message: "Only editors and admins can create stories." });
  }
  const data = parseInput(createStorySchema, input);
  const id = randomUUID();
  const slug = await uniqueSlug(data.title);
  return writeWithRevision({ actorId: user.id }, async (tx) => {
    const story = await tx.story.create({
      data: { id, slug, title: data.title, summary: data.summary, createdById: user.id },
    });
    await tx.storyMember.create({ data: { storyId: id, userId: user.id, role: "lead", addedById: user.id } });
    return story;
  });
}

/** A story as its pages show it. */
export type StoryDetail = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  status: StoryStatus;
  version: number;
  memo: Prisma.JsonValue;
  createdAt: Date;
  updatedAt: Date;
  createdBy: { name: string };
};

// Once per request (a page's metadata and the page itself both ask), scoped by the same
// visibility as the access check (storyVisibleSql): one statement on the pool, its creator joined
// (Prisma's findFirst with the relation made it two) — or, on a story page, a column of the page's
// first statement (storyDetailColumn), given to knownStoryDetail.
const storyDetails = requestMemo<StoryDetail | null>();

const STORY_DETAIL_COLUMNS = Prisma.sql`s.id::text AS id, s.slug, s.title, s.summary, s.status::text AS status, s.version, s.memo,
           s.created_at AS "createdAt", s.updated_at AS "updatedAt", json_build_object('name', u.name) AS "createdBy"`;

function visibleStoryDetail(userId: string, userRole: SessionUser["role"], storyId: string): Promise<StoryDetail | null> {
  return storyDetails.read([userId, userRole, storyId], () =>
    rawRows<StoryDetail>(Prisma.sql`
      SELECT ${STORY_DETAIL_COLUMNS}
        FROM stories s JOIN users u ON u.id = s.created_by_id
       WHERE s.id = ${storyId}::uuid AND ${storyVisibleSql({ id: userId, role: userRole })}`).then(([row]) => row ?? null),
  );
}

/**
 * The story's row as a column of the session's own statement (lib/auth.ts, sessionUserAnd): read
 * only if the access check's row (storyAccessColumn, the same rule for the session's account `me`)
 * finds the story — null otherwise. In the same snapshot as the page's live cursor.
 */
export function storyDetailColumn(storyId: string): Prisma.Sql {
  return Prisma.sql`(SELECT to_json(d) FROM (
      SELECT ${STORY_DETAIL_COLUMNS}
        FROM stories s JOIN users u ON u.id = s.created_by_id
       WHERE s.id = ${storyId}::uuid AND EXISTS (${storyAccessSql(storyId)})) d) AS story_detail`;
}

export type StoryDetailColumn = { story_detail: (Omit<StoryDetail, "createdAt" | "updatedAt"> & { createdAt: string; updatedAt: string }) | null };

/** What storyDetailColumn read for `user` (this request's): the request's reads of that story use it. */
export function knownStoryDetail(user: SessionUser, storyId: string, row: StoryDetailColumn["story_detail"]): void {
  storyDetails.know([user.id, user.role, storyId], row ? { ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) } : null);
}

export async function getStory(user: SessionUser, storyId: string) {
  // The row is read beside the access check (one round trip, not two); both are scoped to what the user may see.
  const [access, story] = await Promise.all([
    storyAccessFor(user, storyId, "reader"),
    isUuid(storyId) ? visibleStoryDetail(user.id, user.role, storyId) : null,
  ]);
  if (!story) throw new AppError("NOT_FOUND");
  return { story, access };
}

/**
 * A story page's story: the access check with the story's chain head (the page's live cursor,
 * one statement), then the row — so the row, like everything else the page shows, is read after
 * the cursor: a change committed meanwhile is replayed by the live stream, never lost.
 */
export async function getStoryWithHead(user: SessionUser, storyId: string) {
  const { access, head } = await storyAccessAndHead(user, storyId, "reader");
  const story = await visibleStoryDetail(user.id, user.role, access.storyId);
  if (!story) throw new AppError("NOT_FOUND");
  return { story, access, seq: head };
}

const STORY_EDIT = { noun: "story", latest: <T>(current: T) => current };

/**
 * Edits title, summary and status. The edit names the version it started from; if the
 * story changed meanwhile, nothing is written and the latest version comes back.
 */
export async function updateStory(user: SessionUser, input: UpdateStoryInput) {
  const data = parseInput(updateStorySchema, input);
  const access = await storyAccessFor(user, data.storyId, "contributor");
  const select = { id: true, title: true, summary: true, status: true, version: true } as const;
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: data.reason || null }, async (tx) => {
    const current = await loadForEdit(tx.story.findFirst({ where: { id: access.storyId, deletedAt: null }, select }), data.version, STORY_EDIT);
    if (current.title === data.title && current.summary === data.summary && current.status === data.status) {
      return current;
    }
    return tx.story.update({
      where: { id: access.storyId, version: data.version },
      data: { title: data.title, summary: data.summary, status: data.status, version: { increment: 1 } },
      select,
    });
  });
}

/** Edits the overview memo (rich text), with the same version check as every story edit. */
export async function updateMemo(user: SessionUser, raw: UpdateMemoInput) {
  const data = parseInput(updateMemoSchema, raw);
  const access = await storyAccessFor(user, data.storyId, "contributor");
  const select = { id: true, memo: true, version: true } as const;
  return writeWithRevision({ actorId: user.id, storyId: access.storyId, reason: data.reason || null }, async (tx) => {
    const found = await loadForEdit(tx.story.findFirst({ where: { id: access.storyId, deletedAt: null }, select: { ...select, title: true } }), data.version, {
      ...STORY_EDIT,
      latest: ({ title: _title, ...current }) => current,
    });
    const { title, ...current } = found;
    if (JSON.stringify(current.memo) === JSON.stringify(data.memo)) return current;
    const updated = await tx.story.update({
      where: { id: access.storyId, version: data.version },
      data: { memo: data.memo, version: { increment: 1 } },
      select,
    });
    await notifyMentions(tx, {
      storyId: access.storyId,
      actorId: user.id,
      entityType: "story",
      entityId: access.storyId,
      version: updated.version,
      where: "memo",
      storyTitle: title,
      before: current.memo as RichTextDoc,
      after: data.memo,
    });
    return updated;
  });
}
