import { isUuid } from "@/lib/validations/common";

/**
 * The path of a page view, as the proxy saw it (proxy.ts sets it on every page request, replacing
 * any a client sent). Only a hint of which story the page is of, so that the desk's layout can read
 * that story's first read with its own (lib/pages.ts, requireDeskHead): the read is scoped to the
 * session's account like the page's own, and the page uses it only for the story its own params name.
 */
export const STORY_PATH_HEADER = "x-storydesk-path";

/** The story a path is under (`/stories/<id>` and its sub-pages), if any, and whether it is the story's own page (the workspace). */
export function storyOfPath(path: string | null | undefined): { storyId: string; workspace: boolean } | null {
  const match = /^\/stories\/([^/]+)(\/.*)?$/.exec(path ?? "");
  const storyId = match?.[1];
  const rest = match?.[2] ?? "";
  return storyId && isUuid(storyId) ? { storyId, workspace: rest === "" || rest === "/" } : null;
}
