import { panelOf } from "@/lib/validations/workspace";
import { isUuid } from "@/lib/validations/common";

/**
 * The path and query of a page view, as the proxy saw them (proxy.ts sets it on every page
 * request, replacing any a client sent). Only a hint of which story the page is of, so that the
 * desk's layout can read that story's first read with its own (lib/pages.ts, requireDeskHead): the
 * read is scoped to the session's account like the page's own, and the page uses it only for the
 * story its own params name.
 */
export const STORY_PATH_HEADER = "x-storydesk-path";

/**
 * The story a path is under (`/stories/<id>` and its sub-pages), if any, and whether it is the
 * story's own page showing its overview (no panel's reads to run beside the header's).
 */
export function storyOfPath(pathAndQuery: string | null | undefined): { storyId: string; overview: boolean } | null {
  const [path = "", query = ""] = (pathAndQuery ?? "").split("?", 2);
  const match = /^\/stories\/([^/]+)(\/.*)?$/.exec(path);
  const storyId = match?.[1];
  if (!storyId || !isUuid(storyId)) return null;
  const rest = match[2] ?? "";
  const tabs = new URLSearchParams(query).getAll("tab");
  return { storyId, overview: (rest === "" || rest === "/") && panelOf(tabs.length === 1 ? tabs[0] : undefined) === "overview" };
}
