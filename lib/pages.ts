import "server-only";
import { notFound, redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { getSessionUser, type SessionUser } from "@/lib/auth";
import { cookies } from "next/headers";
import { safeTimeZone, TIME_ZONE_COOKIE } from "@/lib/time-zone";

/** Pages: a story the user may not see is a 404, exactly like one that does not exist. */
export async function loadOr404<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) notFound();
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") redirect("/sign-in");
    throw error;
  }
}

/** Pages: the signed-in user, or a redirect to sign-in (a disabled account lands there at once). */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getSessionUser();
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
