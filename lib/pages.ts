import "server-only";
import { notFound, redirect } from "next/navigation";
import { AppError, DATABASE_UNAVAILABLE_DIGEST } from "@/lib/errors";
import { getSessionUser, type SessionUser } from "@/lib/auth";
import { cookies } from "next/headers";
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

/** What every story page starts from: who asks, which story, its query as plain strings, the reader's time zone. */
export async function storyPageRequest({ params, searchParams }: StoryPageProps) {
  const [{ storyId }, raw, user, timeZone] = await Promise.all([params, searchParams, requirePageUser(), pageTimeZone()]);
  return { user, storyId, query: queryOf(raw), timeZone };
}
