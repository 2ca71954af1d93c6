import "server-only";
import { notFound, redirect } from "next/navigation";
import { AppError, DATABASE_UNAVAILABLE_DIGEST } from "@/lib/errors";
import { cache } from "react";
import { getSessionUser, sessionUserAnd, type SessionUser } from "@/lib/auth";
import { knownStoryAccess, storyAccessColumn, type StoryAccessColumn } from "@/lib/server/access";
import { deskHeadColumns, deskHeadOf, type DeskHead, type DeskHeadColumns } from "@/lib/server/desk-head";
import { knownStoryDetail, storyDetailColumn, type StoryDetailColumn } from "@/lib/server/stories";
import { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/validations/common";
import { cookies, headers } from "next/headers";
import { STORY_PATH_HEADER, storyOfPath } from "@/lib/story-path";
import { knownWorkspaceCounts, workspaceCountsColumn, type WorkspaceCountsColumn } from "@/lib/server/workspace";
import { knownSinceLastVisit, sinceLastVisitColumn, type SinceLastVisitColumn } from "@/lib/server/history/visits";
import { safeTimeZone, TIME_ZONE_COOKIE } from "@/lib/time-zone";
import { noteDatabaseDown } from "@/lib/server/database-state";
import { isDatabaseUnavailable } from "@/lib/server/prisma-errors";

/** The database is down: the error page says so (by digest) and the proxy answers 503 until it is back. */
function rethrowForPage(error: unknown): never {
  if (isDatabaseUnavailable(error)) {
    noteDatabaseDown();
    throw Object.assign(new Error("The desk's database is unavailable."), { digest: DATABASE_UNAVAILABLE_DIGEST });
  }
  throw error;
}

/** Pages: a story the user may not see is a 404, exactly like one that does not exist. */
export async function loadOr404<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) notFound();
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") redirect("/sign-in");
    rethrowForPage(error);
  }
}

/** Pages: the signed-in user, or a redirect to sign-in (a disabled account lands there at once). */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser().catch(rethrowForPage);
  if (!user) redirect("/sign-in");
  return user;
}

/**
 * The desk's layout: the signed-in user and the desk's head (deskHeadColumns), checked and read in
 * one statement; or a redirect to sign-in. Under a story's path (the proxy's STORY_PATH_HEADER), the
 * same statement also reads what that story's page reads first (storyFirstRead): one session check
 * and one round trip for both, instead of one each.
 */
export async function requireDeskHead(): Promise<{ user: SessionUser } & DeskHead> {
  const story = storyOfPath((await headers()).get(STORY_PATH_HEADER));
  const found = story && !firstReads().has(story.storyId) ? await storyFirstRead(story.storyId, { deskHead: true, workspace: story.overview }) : await deskFirstRead();
  return { user: found.user, ...deskHeadOf(found.extra) };
}

const deskFirstRead = async () => {
  const found = await sessionUserAnd<DeskHeadColumns>(deskHeadColumns).catch(rethrowForPage);
  if (!found) redirect("/sign-in");
  return found;
};

/** The reader's time zone (set by the browser in a cookie; UTC until it has). */
export async function pageTimeZone(): Promise<string> {
  return safeTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
}

export type SearchParams = Record<string, string | string[] | undefined>;

/** A page's query as plain strings: repeated and empty parameters are dropped (URLs get edited by hand). */
export function queryOf(raw: SearchParams): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).flatMap(([key, value]) => (typeof value === "string" && value ? [[key, value]] : [])));
}

export type StoryPageProps = { params: Promise<{ storyId: string }>; searchParams: Promise<SearchParams> };

type StoryFirstRead = { user: SessionUser; extra: StoryAccessColumn & StoryDetailColumn & Partial<DeskHeadColumns & WorkspaceCountsColumn & SinceLastVisitColumn> };

/** What a story's first read reads besides the user, the story's access row and its row. */
type FirstReadParts = {
  /** The desk's head (the layout's). */
  deskHead?: boolean;
  /**
   * The story page's header: the tabs' counts and since-your-last-visit (StoryHeader) — on its
   * overview only: beside a panel they run at the same time as the panel's reads, and in this
   * statement they would be waited for first (paired runs: the panels 2–7 % slower at p50).
   */
  workspace?: boolean;
};

/** This request's first read of each story, by id: the layout's or the page's, whichever starts first. */
const firstReads = cache(() => new Map<string, Promise<StoryFirstRead>>());

/**
 * The signed-in user, checked with the story's access row and the story's own row in the same
 * statement (storyAccessColumn, storyDetailColumn) — with the desk's head when the layout asks
 * first, and on the story page the header's counts and since-your-last-visit (each null unless
 * the story is visible to the session's account): the page's checks of that story
 * (storyAccessFor, storyAccessAndHead) and its reads (getStory, getStoryWithHead,
 * workspaceCounts, sinceLastVisit) use what it read instead of a round trip after the session's.
 * Once per story per request (the layout, the page and its metadata share it; a later caller's
 * part the first did not read is read by its own function).
 */
function storyFirstRead(storyId: string, parts: FirstReadParts & { deskHead: true }): Promise<StoryFirstRead & { extra: DeskHeadColumns }>;
function storyFirstRead(storyId: string, parts?: FirstReadParts): Promise<StoryFirstRead>;
function storyFirstRead(storyId: string, parts: FirstReadParts = {}): Promise<StoryFirstRead> {
  const reads = firstReads();
  let read = reads.get(storyId);
  if (!read) {
    read = (async () => {
      const found = await sessionUserAnd<StoryFirstRead["extra"]>((userId) =>
        Prisma.join(
          [
            ...(parts.deskHead ? [deskHeadColumns(userId)] : []),
            storyAccessColumn(storyId),
            storyDetailColumn(storyId),
            ...(parts.workspace ? [workspaceCountsColumn(storyId), sinceLastVisitColumn(storyId)] : []),
          ],
          ", ",
        ),
      ).catch(rethrowForPage);
      if (!found) redirect("/sign-in");
      const { user, extra } = found;
      knownStoryAccess(user, storyId, extra.story_access);
      knownStoryDetail(user, storyId, extra.story_detail);
      if (parts.workspace && extra.story_access) {
        knownWorkspaceCounts(user, storyId, extra.story_counts ?? null);
        knownSinceLastVisit(user, storyId, extra.story_since ?? null);
      }
      return found;
    })();
    reads.set(storyId, read);
  }
  return read;
}

/** Pages: the signed-in user, with the story's first read (storyFirstRead) done. */
async function requireStoryPageUser(storyId: string, parts?: FirstReadParts): Promise<SessionUser> {
  if (!isUuid(storyId)) return requirePageUser(); // no story to read: the page's own check answers 404
  return (await storyFirstRead(storyId, parts)).user;
}

/**
 * What every story page starts from: who asks, which story, its query as plain strings, the
 * reader's time zone. `parts`: what the page's first statement reads besides, by its query (the
 * story page's overview: its header's, `{ workspace: true }`).
 */
export async function storyPageRequest({ params, searchParams }: StoryPageProps, parts?: (query: Record<string, string>) => FirstReadParts) {
  const [{ storyId }, raw, timeZone] = await Promise.all([params, searchParams, pageTimeZone()]);
  const query = queryOf(raw);
  const user = await requireStoryPageUser(storyId, parts?.(query));
  return { user, storyId, query, timeZone };
}
